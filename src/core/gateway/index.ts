export * from './envoy-types';
export * from './implementation';
export * from './envoy-gateway';
export * from './gateway-ref';
export * from './serving';
