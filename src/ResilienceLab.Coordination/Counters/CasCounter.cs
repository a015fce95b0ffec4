using System.Globalization;
using System.Runtime.CompilerServices;
using Polly;

namespace ResilienceLab.Coordination;

/// <summary>The <see cref="ICasCounter"/> of every backend: <see cref="CasRegisterExtensions.UpdateAsync"/> on a register.</summary>
/// <param name="register">The register holding the counter's decimal value.</param>
/// <param name="retry">How conflicts are retried (<see cref="CasRetry.OnConflict"/>).</param>
public sealed class CasCounter(ICasRegister register, ResiliencePipeline<(string, long)?> retry) : ICasCounter, IPooledCasCounter
{
    /// <inheritdoc />
    public string Key => register.Key;

    /// <inheritdoc />
    public Task<(long Value, long Revision)> IncrementAsync(CancellationToken cancellationToken = default) =>
        ((IPooledCasCounter)this).IncrementCoreAsync(cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    async ValueTask<(long Value, long Revision)> IPooledCasCounter.IncrementCoreAsync(CancellationToken cancellationToken)
    {
        var (value, revision) = await CasRegisterExtensions.UpdateCoreAsync(register, static v => (Parse(v) + 1).ToString(CultureInfo.InvariantCulture), retry, cancellationToken).ConfigureAwait(false);
        return (Parse(value), revision);
    }

    /// <inheritdoc />
    public async Task<long> ReadAsync(CancellationToken cancellationToken = default) => Parse((await register.ReadAsync(cancellationToken)).Value);

    /// <summary>The counter's value in a stored text (0 when missing or not a number).</summary>
    public static long Parse(string? value) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
