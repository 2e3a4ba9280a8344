a :: Idle;
# 100 "lib.click"
b :: Counter;
c :: Discard;
#line 7
a -> b -> c;
# 1 ""
Idle -> Discard;
