
BoutputJ(	Å;Br;ví<;IF⁄:Y¯ƒ;ñW<”É:·1·;<„^;W]v?