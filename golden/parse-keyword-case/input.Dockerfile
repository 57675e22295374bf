from alpine AS base
Run echo hi
cOpY a b
Env A=1
onbuild run echo x
