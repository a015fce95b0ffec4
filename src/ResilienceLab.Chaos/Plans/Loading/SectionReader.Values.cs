using System.Globalization;

namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>Typed scalar accessors: each reports what it found and what it expected, then returns null.</summary>
internal sealed partial class SectionReader
{
    public string? String(string field, bool required = false, string hint = "")
    {
        var node = Required(field, required, hint);
        switch (node)
        {
            case null:
                return null;
            case PlanScalar { Kind: ScalarKind.String } scalar:
                return scalar.Value;
            case PlanScalar { Kind: ScalarKind.Int or ScalarKind.Float or ScalarKind.Bool } scalar:
                Report(field, PlanDiagnosticCodes.WrongType, $"expected a string, found {scalar.Describe()} (quote it: '{scalar.Value}')");
                return null;
            default:
                Report(field, PlanDiagnosticCodes.WrongType, $"expected a string, found {node.Describe()}");
                return null;
        }
    }

    public bool? Bool(string field)
    {
        var node = Required(field, required: false, hint: string.Empty);
        return node switch
        {
            null => null,
            PlanScalar { Kind: ScalarKind.Bool } scalar => scalar.Value is "true" or "True" or "TRUE",
            _ => WrongType<bool>(field, node, "true or false"),
        };
    }

    public long? Long(string field, long min, long max, bool required = false, string hint = "")
    {
        var node = Required(field, required, hint);
        if (node is null)
        {
            return null;
        }

        if (node is not PlanScalar { Kind: ScalarKind.Int } scalar)
        {
            var unquote = node is PlanScalar { Kind: ScalarKind.String } text && long.TryParse(text.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? " (remove the quotes)"
                : string.Empty;
            return WrongType<long>(field, node, Range(min, max, "an integer"), unquote);
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            return Report<long>(field, PlanDiagnosticCodes.OutOfRange, $"{scalar.Value} is out of range; expected {Range(min, max, "an integer")}");
        }

        return value;
    }

    public int? Int(string field, int min, int max, bool required = false, string hint = "") =>
        Long(field, min, max, required, hint) is { } value ? (int)value : null;

    public double? Number(string field, double min, double max, bool minExclusive = false)
    {
        var node = Required(field, required: false, hint: string.Empty);
        if (node is null)
        {
            return null;
        }

        var expected = minExclusive
            ? string.Create(CultureInfo.InvariantCulture, $"a number greater than {min} and at most {max}")
            : string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}");
        if (node is not PlanScalar { Kind: ScalarKind.Int or ScalarKind.Float } scalar)
        {
            return WrongType<double>(field, node, expected);
        }

        var value = double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsNaN(value) || value > max || value < min || (minExclusive && value <= min))
        {
            return Report<double>(field, PlanDiagnosticCodes.OutOfRange, $"{scalar.Value} is out of range; expected {expected}");
        }

        return value;
    }

    /// <summary>
    /// A duration in [<paramref name="min"/>, <paramref name="max"/>] (min excluded when <paramref name="positive"/>);
    /// negative values only when <paramref name="min"/> is negative.
    /// </summary>
    public TimeSpan? Duration(string field, bool required = false, string hint = "", bool positive = true, TimeSpan? min = null, TimeSpan? max = null)
    {
        var node = Required(field, required, hint);
        if (node is null)
        {
            return null;
        }

        var lower = min ?? TimeSpan.Zero;
        var upper = max ?? ChaosPlanConstants.MaxDuration;
        if (node is not PlanScalar { Kind: ScalarKind.String } scalar)
        {
            var suffix = node is PlanScalar { Kind: ScalarKind.Int or ScalarKind.Float } number ? $" (did you mean '{number.Value.TrimStart('+')}s'?)" : string.Empty;
            return Report<TimeSpan>(field, PlanDiagnosticCodes.InvalidDuration, $"expected {PlanDuration.Expected}, found {node.Describe()}{suffix}");
        }

        var text = scalar.Value.Trim();
        if (!PlanDuration.TryParse(text, out var value) || (text.StartsWith('-') && lower >= TimeSpan.Zero))
        {
            var negative = text.StartsWith('-') && lower >= TimeSpan.Zero ? " (it cannot be negative)" : string.Empty;
            return Report<TimeSpan>(field, PlanDiagnosticCodes.InvalidDuration, $"expected {PlanDuration.Expected}, found {scalar.Describe()}{negative}");
        }

        if (value > upper || value < lower || (positive && value <= TimeSpan.Zero))
        {
            var range = positive && lower <= TimeSpan.Zero
                ? $"a duration greater than 0s and at most {PlanDuration.Format(upper)}"
                : $"a duration from {PlanDuration.Format(lower)} to {PlanDuration.Format(upper)}";
            return Report<TimeSpan>(field, PlanDiagnosticCodes.InvalidDuration, $"{text} is out of range; expected {range}");
        }

        return value;
    }

    public T? Enum<T>(string field, string what, bool required = false, string hint = "")
        where T : struct, System.Enum
    {
        var node = Required(field, required, hint);
        return node is null ? null : EnumValue<T>(context, node, Sub(field), what);
    }

    /// <summary>Reads a scalar of <typeparamref name="T"/>'s YAML names at <paramref name="path"/>; reports anything else.</summary>
    public static T? EnumValue<T>(PlanContext context, PlanNode node, string path, string what)
        where T : struct, System.Enum
    {
        var names = PlanNames.All<T>();
        if (node is PlanScalar { Invalid: true })
        {
            context.Fail(path);
            return null;
        }

        if (node is not PlanScalar { Kind: ScalarKind.String } scalar)
        {
            context.Error(path, PlanDiagnosticCodes.WrongType, $"{path}: expected one of {string.Join(", ", names)}, found {node.Describe()}");
            return null;
        }

        if (PlanNames.TryParse<T>(scalar.Value, out var value))
        {
            return value;
        }

        context.Error(path, PlanDiagnosticCodes.UnknownValue, $"unknown {what} '{scalar.Value}'{Spelling.Suggestion(scalar.Value, names)}; expected one of: {string.Join(", ", names)}");
        return null;
    }

    private T? WrongType<T>(string field, PlanNode node, string expected, string hint = "")
        where T : struct
    {
        Report(field, PlanDiagnosticCodes.WrongType, $"expected {expected}, found {node.Describe()}{hint}");
        return null;
    }

    private static string Range(long min, long max, string what) =>
        max == long.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{what} of at least {min}")
            : string.Create(CultureInfo.InvariantCulture, $"{what} from {min} to {max}");
}
