// Loaded by mocha before the unit tests (.mocharc.json "require").
// The AWS SDK warns on Node 20 that SDK versions published after January 2027 will need Node 22. The
// tests run one pinned SDK version, so the notice is about a future upgrade of this project (see
// CONTRIBUTING.md), not about the code under test; it is turned off with the SDK's own switch.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
