namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>The type a YAML 1.2 core-schema scalar resolves to (what a YAML-to-JSON conversion gives it).</summary>
internal enum ScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}
