package measure

import "go/types"

func types_NewPointer(t types.Type) types.Type { return types.NewPointer(t) }
