c :: Classifier(12/0800, 12/0806, -);
Idle -> c;
c [0] -> [0] Paint(1) -> q :: Queue;
c [1] -> Discard;
c [2] -> [1] d :: Discard;
q -> [0] d;
