// Apply policies: reads an account's local policy files, compares them with IAM (drift), plans the calls, and runs the plan — one file per phase under apply/.
export * from './apply/local';
export * from './apply/drift';
export * from './apply/plan';
export * from './apply/run';
export * from './apply/ownership';
