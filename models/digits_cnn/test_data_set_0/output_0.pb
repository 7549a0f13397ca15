
BoutputJ(HТ+алч0аT,|аAvа@ 
ю┌Э1аB9╧а╘?lAYl╧юЯ≤?