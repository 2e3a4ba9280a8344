elementclass Strip2 { $n | input -> Strip(${n-14}) -> Paint(${color-1}, ${none-2}) -> output }
define($color 9)
Idle -> Strip2(20) -> Discard;
