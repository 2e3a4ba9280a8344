c :: Classifier(12/0800, 12/0806, -);
next :: Queue;
Idle -> c;
c => Paint(0), Paint(1), Paint(2) -> next;
next -> Discard;
