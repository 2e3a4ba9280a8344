a :: Idle;
Discard;
