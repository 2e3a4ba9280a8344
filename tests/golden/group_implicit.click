// Equivalent ways to write x -> y (click(5), "Element groups").
x :: Idle;
y :: Discard;
x -> ( [0] -> [0] ) -> y;
x -> (->) -> y;
x -> ( [0]->[0]; [1]->[1] ) => ( [0]->[0]; [1]->[1] ) -> y;
