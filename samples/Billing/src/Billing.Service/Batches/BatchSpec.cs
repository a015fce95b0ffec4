using System.Globalization;

namespace Billing.Service;

/// <summary>One invoice batch as the leader scheduled it: its invoices, in <see cref="Steps"/> chunks, and their total.</summary>
/// <param name="Id">The batch number (1, 2, ...), unique per billing run.</param>
/// <param name="Invoices">How many invoices the batch bills.</param>
/// <param name="Steps">In how many chunks (checkpointed steps) they are sent.</param>
/// <param name="AmountCents">The batch's total, added to the revenue once its last chunk is committed.</param>
internal sealed record BatchSpec(int Id, int Invoices, int Steps, long AmountCents)
{
    /// <summary>The value stored at the batch key: <c>invoices=12;steps=8;amount=345600</c>.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"invoices={Invoices};steps={Steps};amount={AmountCents}");

    /// <summary>Parses a stored batch value; null when it is not one (a foreign or corrupt key is skipped, never fatal).</summary>
    public static BatchSpec? TryParse(int id, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        int? invoices = null;
        int? steps = null;
        long? amount = null;
        foreach (var part in value.Split(';'))
        {
            var (name, text) = part.IndexOf('=') is var eq and > 0 ? (part[..eq], part[(eq + 1)..]) : (part, string.Empty);
            switch (name)
            {
                case "invoices" when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    invoices = n;
                    break;
                case "steps" when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0:
                    steps = s;
                    break;
                case "amount" when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var a):
                    amount = a;
                    break;
                default:
                    return null;
            }
        }

        return invoices is { } i && steps is { } st && amount is { } am ? new BatchSpec(id, i, st, am) : null;
    }
}
