// What an action handler gets: the world, the authenticated caller and the request's parameters.
import type { AccessKey, Principal } from './model';
import type { QueryParams } from './query';
import type { World } from './world';
import type { XmlObject } from './xml';

export interface CallContext {
  world: World;
  requestId: string;
  service: 'sts' | 'iam';
  action: string;
  /** The region of the SigV4 credential scope. */
  region: string;
  params: QueryParams;
  key: AccessKey;
  principal: Principal;
}

/** Returns the `<ActionResult>` content, or undefined for actions whose response has no result element. */
export type Handler = (ctx: CallContext) => Promise<XmlObject | undefined>;
