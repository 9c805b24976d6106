export * from "./people";
export * from "./auth";
export * from "./audit";
export * from "./cases";
export * from "./records";
export * from "./casework";
export * from "./meetings";
export * from "./oversight";
