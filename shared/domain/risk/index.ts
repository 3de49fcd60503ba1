export * from './scales';
export * from './taxonomy';
export * from './review';
export * from './risk';
export * from './library';
