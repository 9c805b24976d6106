import { createContext, useContext } from "react";

// The request's CSP nonce, for the few inline scripts the page needs (React never reads it back from the DOM).
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
