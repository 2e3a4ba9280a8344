# This is not a Click comment
src :: Idle;
# 40 "generated.click"
src -> Discard;
#line 7
src -> nothing;
