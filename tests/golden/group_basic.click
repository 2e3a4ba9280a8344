x :: Idle;
y :: Discard;
x -> ( input -> Paint(1) -> output ) -> y;
