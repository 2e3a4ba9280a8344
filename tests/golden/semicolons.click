a :: Idle
b :: Discard
a -> b
Idle -> Counter
  -> Discard
