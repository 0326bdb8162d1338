export * from './metadata';
export * from './keys';
export * from './workload';
export * from './webservice-plan';
