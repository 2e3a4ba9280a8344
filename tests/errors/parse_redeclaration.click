src :: Idle;
sink :: Discard;
src :: Idle;
src -> sink;
