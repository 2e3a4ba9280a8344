src :: Idle;
src -> counter -> Discard;
counter -> Discard;
