package syntax

// Kind, marker methods and kind names for every node type.

// Kind implements Node.
func (*LetStmt) Kind() Kind { return KindLetStmt }

// Kind implements Node.
func (*DeclareStmt) Kind() Kind { return KindDeclareStmt }

// Kind implements Node.
func (*SetStmt) Kind() Kind { return KindSetStmt }

// Kind implements Node.
func (*ExprStmt) Kind() Kind { return KindExprStmt }

// Kind implements Node.
func (*Ident) Kind() Kind { return KindIdent }

// Kind implements Node.
func (*Wildcard) Kind() Kind { return KindWildcard }

// Kind implements Node.
func (*StringLit) Kind() Kind { return KindStringLit }

// Kind implements Node.
func (*LongLit) Kind() Kind { return KindLongLit }

// Kind implements Node.
func (*RealLit) Kind() Kind { return KindRealLit }

// Kind implements Node.
func (*BoolLit) Kind() Kind { return KindBoolLit }

// Kind implements Node.
func (*TimespanLit) Kind() Kind { return KindTimespanLit }

// Kind implements Node.
func (*TypedLit) Kind() Kind { return KindTypedLit }

// Kind implements Node.
func (*NullLit) Kind() Kind { return KindNullLit }

// Kind implements Node.
func (*Dynamic) Kind() Kind { return KindDynamic }

// Kind implements Node.
func (*DynArray) Kind() Kind { return KindDynArray }

// Kind implements Node.
func (*DynBag) Kind() Kind { return KindDynBag }

// Kind implements Node.
func (*TypeOf) Kind() Kind { return KindTypeOf }

// Kind implements Node.
func (*Paren) Kind() Kind { return KindParen }

// Kind implements Node.
func (*Unary) Kind() Kind { return KindUnary }

// Kind implements Node.
func (*Binary) Kind() Kind { return KindBinary }

// Kind implements Node.
func (*InExpr) Kind() Kind { return KindInExpr }

// Kind implements Node.
func (*Between) Kind() Kind { return KindBetween }

// Kind implements Node.
func (*Call) Kind() Kind { return KindCall }

// Kind implements Node.
func (*NamedArg) Kind() Kind { return KindNamedArg }

// Kind implements Node.
func (*Member) Kind() Kind { return KindMember }

// Kind implements Node.
func (*Index) Kind() Kind { return KindIndex }

// Kind implements Node.
func (*Pipeline) Kind() Kind { return KindPipeline }

// Kind implements Node.
func (*Datatable) Kind() Kind { return KindDatatable }

// Kind implements Node.
func (*Print) Kind() Kind { return KindPrint }

// Kind implements Node.
func (*Range) Kind() Kind { return KindRange }

// Kind implements Node.
func (*ExternalData) Kind() Kind { return KindExternalData }

// Kind implements Node.
func (*FuncDecl) Kind() Kind { return KindFuncDecl }

// Kind implements Node.
func (*Union) Kind() Kind { return KindUnion }

// Kind implements Node.
func (*Evaluate) Kind() Kind { return KindEvaluate }

// Kind implements Node.
func (*Search) Kind() Kind { return KindSearch }

// Kind implements Node.
func (*Find) Kind() Kind { return KindFind }

// Kind implements Node.
func (*Where) Kind() Kind { return KindWhere }

// Kind implements Node.
func (*Extend) Kind() Kind { return KindExtend }

// Kind implements Node.
func (*Project) Kind() Kind { return KindProject }

// Kind implements Node.
func (*ProjectAway) Kind() Kind { return KindProjectAway }

// Kind implements Node.
func (*ProjectKeep) Kind() Kind { return KindProjectKeep }

// Kind implements Node.
func (*ProjectRename) Kind() Kind { return KindProjectRename }

// Kind implements Node.
func (*ProjectReorder) Kind() Kind { return KindProjectReorder }

// Kind implements Node.
func (*Sort) Kind() Kind { return KindSort }

// Kind implements Node.
func (*Take) Kind() Kind { return KindTake }

// Kind implements Node.
func (*Top) Kind() Kind { return KindTop }

// Kind implements Node.
func (*TopNested) Kind() Kind { return KindTopNested }

// Kind implements Node.
func (*TopHitters) Kind() Kind { return KindTopHitters }

// Kind implements Node.
func (*Count) Kind() Kind { return KindCount }

// Kind implements Node.
func (*Distinct) Kind() Kind { return KindDistinct }

// Kind implements Node.
func (*Summarize) Kind() Kind { return KindSummarize }

// Kind implements Node.
func (*Join) Kind() Kind { return KindJoin }

// Kind implements Node.
func (*Lookup) Kind() Kind { return KindLookup }

// Kind implements Node.
func (*MvExpand) Kind() Kind { return KindMvExpand }

// Kind implements Node.
func (*MvApply) Kind() Kind { return KindMvApply }

// Kind implements Node.
func (*Parse) Kind() Kind { return KindParse }

// Kind implements Node.
func (*ParseKV) Kind() Kind { return KindParseKV }

// Kind implements Node.
func (*MakeSeries) Kind() Kind { return KindMakeSeries }

// Kind implements Node.
func (*Serialize) Kind() Kind { return KindSerialize }

// Kind implements Node.
func (*As) Kind() Kind { return KindAs }

// Kind implements Node.
func (*Invoke) Kind() Kind { return KindInvoke }

// Kind implements Node.
func (*GetSchema) Kind() Kind { return KindGetSchema }

// Kind implements Node.
func (*Sample) Kind() Kind { return KindSample }

// Kind implements Node.
func (*SampleDistinct) Kind() Kind { return KindSampleDistinct }

// Kind implements Node.
func (*Render) Kind() Kind { return KindRender }

// Kind implements Node.
func (*Scan) Kind() Kind { return KindScan }

// Kind implements Node.
func (*Facet) Kind() Kind { return KindFacet }

// Kind implements Node.
func (*Fork) Kind() Kind { return KindFork }

// Kind implements Node.
func (*Partition) Kind() Kind { return KindPartition }

// Kind implements Node.
func (*Reduce) Kind() Kind { return KindReduce }

// Kind implements Node.
func (*Consume) Kind() Kind { return KindConsume }

// Kind implements Node.
func (*Query) Kind() Kind { return KindQuery }

// Kind implements Node.
func (*Param) Kind() Kind { return KindParam }

// Kind implements Node.
func (*ColumnDecl) Kind() Kind { return KindColumnDecl }

// Kind implements Node.
func (*BagEntry) Kind() Kind { return KindBagEntry }

// Kind implements Node.
func (*Assign) Kind() Kind { return KindAssign }

// Kind implements Node.
func (*SortKey) Kind() Kind { return KindSortKey }

// Kind implements Node.
func (*OpParam) Kind() Kind { return KindOpParam }

// Kind implements Node.
func (*ParsePart) Kind() Kind { return KindParsePart }

// Kind implements Node.
func (*MvExpandItem) Kind() Kind { return KindMvExpandItem }

// Kind implements Node.
func (*SeriesAgg) Kind() Kind { return KindSeriesAgg }

// Kind implements Node.
func (*TopNestedLevel) Kind() Kind { return KindTopNestedLevel }

// Kind implements Node.
func (*ScanStep) Kind() Kind { return KindScanStep }

// Kind implements Node.
func (*ReorderItem) Kind() Kind { return KindReorderItem }

func (*LetStmt) stmtNode()     {}
func (*DeclareStmt) stmtNode() {}
func (*SetStmt) stmtNode()     {}
func (*ExprStmt) stmtNode()    {}

func (*Ident) exprNode()        {}
func (*Wildcard) exprNode()     {}
func (*StringLit) exprNode()    {}
func (*LongLit) exprNode()      {}
func (*RealLit) exprNode()      {}
func (*BoolLit) exprNode()      {}
func (*TimespanLit) exprNode()  {}
func (*TypedLit) exprNode()     {}
func (*NullLit) exprNode()      {}
func (*Dynamic) exprNode()      {}
func (*DynArray) exprNode()     {}
func (*DynBag) exprNode()       {}
func (*TypeOf) exprNode()       {}
func (*Paren) exprNode()        {}
func (*Unary) exprNode()        {}
func (*Binary) exprNode()       {}
func (*InExpr) exprNode()       {}
func (*Between) exprNode()      {}
func (*Call) exprNode()         {}
func (*NamedArg) exprNode()     {}
func (*Member) exprNode()       {}
func (*Index) exprNode()        {}
func (*Pipeline) exprNode()     {}
func (*Datatable) exprNode()    {}
func (*Print) exprNode()        {}
func (*Range) exprNode()        {}
func (*ExternalData) exprNode() {}
func (*FuncDecl) exprNode()     {}
func (*Union) exprNode()        {}
func (*Evaluate) exprNode()     {}
func (*Search) exprNode()       {}
func (*Find) exprNode()         {}

func (*Union) opNode()          {}
func (*Evaluate) opNode()       {}
func (*Search) opNode()         {}
func (*Find) opNode()           {}
func (*Where) opNode()          {}
func (*Extend) opNode()         {}
func (*Project) opNode()        {}
func (*ProjectAway) opNode()    {}
func (*ProjectKeep) opNode()    {}
func (*ProjectRename) opNode()  {}
func (*ProjectReorder) opNode() {}
func (*Sort) opNode()           {}
func (*Take) opNode()           {}
func (*Top) opNode()            {}
func (*TopNested) opNode()      {}
func (*TopHitters) opNode()     {}
func (*Count) opNode()          {}
func (*Distinct) opNode()       {}
func (*Summarize) opNode()      {}
func (*Join) opNode()           {}
func (*Lookup) opNode()         {}
func (*MvExpand) opNode()       {}
func (*MvApply) opNode()        {}
func (*Parse) opNode()          {}
func (*ParseKV) opNode()        {}
func (*MakeSeries) opNode()     {}
func (*Serialize) opNode()      {}
func (*As) opNode()             {}
func (*Invoke) opNode()         {}
func (*GetSchema) opNode()      {}
func (*Sample) opNode()         {}
func (*SampleDistinct) opNode() {}
func (*Render) opNode()         {}
func (*Scan) opNode()           {}
func (*Facet) opNode()          {}
func (*Fork) opNode()           {}
func (*Partition) opNode()      {}
func (*Reduce) opNode()         {}
func (*Consume) opNode()        {}

var kindNames = [kindCount]string{
	KindLetStmt:        "LetStmt",
	KindDeclareStmt:    "DeclareStmt",
	KindSetStmt:        "SetStmt",
	KindExprStmt:       "ExprStmt",
	KindIdent:          "Ident",
	KindWildcard:       "Wildcard",
	KindStringLit:      "StringLit",
	KindLongLit:        "LongLit",
	KindRealLit:        "RealLit",
	KindBoolLit:        "BoolLit",
	KindTimespanLit:    "TimespanLit",
	KindTypedLit:       "TypedLit",
	KindNullLit:        "NullLit",
	KindDynamic:        "Dynamic",
	KindDynArray:       "DynArray",
	KindDynBag:         "DynBag",
	KindTypeOf:         "TypeOf",
	KindParen:          "Paren",
	KindUnary:          "Unary",
	KindBinary:         "Binary",
	KindInExpr:         "InExpr",
	KindBetween:        "Between",
	KindCall:           "Call",
	KindNamedArg:       "NamedArg",
	KindMember:         "Member",
	KindIndex:          "Index",
	KindPipeline:       "Pipeline",
	KindDatatable:      "Datatable",
	KindPrint:          "Print",
	KindRange:          "Range",
	KindExternalData:   "ExternalData",
	KindFuncDecl:       "FuncDecl",
	KindUnion:          "Union",
	KindEvaluate:       "Evaluate",
	KindSearch:         "Search",
	KindFind:           "Find",
	KindWhere:          "Where",
	KindExtend:         "Extend",
	KindProject:        "Project",
	KindProjectAway:    "ProjectAway",
	KindProjectKeep:    "ProjectKeep",
	KindProjectRename:  "ProjectRename",
	KindProjectReorder: "ProjectReorder",
	KindSort:           "Sort",
	KindTake:           "Take",
	KindTop:            "Top",
	KindTopNested:      "TopNested",
	KindTopHitters:     "TopHitters",
	KindCount:          "Count",
	KindDistinct:       "Distinct",
	KindSummarize:      "Summarize",
	KindJoin:           "Join",
	KindLookup:         "Lookup",
	KindMvExpand:       "MvExpand",
	KindMvApply:        "MvApply",
	KindParse:          "Parse",
	KindParseKV:        "ParseKV",
	KindMakeSeries:     "MakeSeries",
	KindSerialize:      "Serialize",
	KindAs:             "As",
	KindInvoke:         "Invoke",
	KindGetSchema:      "GetSchema",
	KindSample:         "Sample",
	KindSampleDistinct: "SampleDistinct",
	KindRender:         "Render",
	KindScan:           "Scan",
	KindFacet:          "Facet",
	KindFork:           "Fork",
	KindPartition:      "Partition",
	KindReduce:         "Reduce",
	KindConsume:        "Consume",
	KindQuery:          "Query",
	KindParam:          "Param",
	KindColumnDecl:     "ColumnDecl",
	KindBagEntry:       "BagEntry",
	KindAssign:         "Assign",
	KindSortKey:        "SortKey",
	KindOpParam:        "OpParam",
	KindParsePart:      "ParsePart",
	KindMvExpandItem:   "MvExpandItem",
	KindSeriesAgg:      "SeriesAgg",
	KindTopNestedLevel: "TopNestedLevel",
	KindScanStep:       "ScanStep",
	KindReorderItem:    "ReorderItem",
}

// String returns the node type's name, e.g. "Binary".
func (k Kind) String() string {
	if k < kindCount && kindNames[k] != "" {
		return kindNames[k]
	}
	return "Invalid"
}
