// Declarations and one connection chain.
src :: Idle;
c :: Counter;
sink :: Discard;
src -> c -> sink;
