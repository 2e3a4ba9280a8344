x :: Idle;
y :: Discard;
x -> c :: Classifier(12/0800, -) => (
    input [0] -> output;
    input [1] -> Paint(1) -> output
) -> y;
