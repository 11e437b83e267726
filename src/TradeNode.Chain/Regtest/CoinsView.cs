namespace TradeNode.Chain.Regtest;

/// <summary>
/// A layer of coin changes over the UTXO set, so that a block or transaction is checked completely before any of
/// its changes reach the set (Bitcoin Core's CCoinsViewCache).
/// </summary>
public sealed class CoinsView
{
    private readonly IReadOnlyDictionary<OutPoint, UtxoEntry> _base;
    private readonly Dictionary<OutPoint, UtxoEntry?> _changes = [];

    public CoinsView(IReadOnlyDictionary<OutPoint, UtxoEntry> baseView)
    {
        _base = baseView;
    }

    public UtxoEntry? Get(OutPoint outPoint) =>
        _changes.TryGetValue(outPoint, out var changed) ? changed : _base.GetValueOrDefault(outPoint);

    public bool Have(OutPoint outPoint) => Get(outPoint) is not null;

    public void Add(OutPoint outPoint, UtxoEntry coin) => _changes[outPoint] = coin;

    /// <summary>Spends a coin and returns it, or null when it does not exist (or is already spent).</summary>
    public UtxoEntry? Spend(OutPoint outPoint)
    {
        var coin = Get(outPoint);
        if (coin is not null)
        {
            _changes[outPoint] = null;
        }

        return coin;
    }

    /// <summary>Writes the changes into <paramref name="target"/> (which must be the base dictionary).</summary>
    public void Flush(Dictionary<OutPoint, UtxoEntry> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var (outPoint, coin) in _changes)
        {
            if (coin is null)
            {
                target.Remove(outPoint);
            }
            else
            {
                target[outPoint] = coin;
            }
        }

        _changes.Clear();
    }
}
