src :: Idle;
c :: Classifier(12/0800,
  -;
src -> c -> Discard;
