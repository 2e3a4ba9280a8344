src :: Idle;
src -> % Discard;
src -> Discard; $x
