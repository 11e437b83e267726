namespace TradeNode.Bitcoin;

/// <summary>A transaction output: an amount and the script that locks it.</summary>
public sealed class TxOut : IEquatable<TxOut>
{
    public TxOut(Money value, Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        Value = value;
        ScriptPubKey = scriptPubKey;
    }

    public Money Value { get; set; }

    public Script ScriptPubKey { get; set; }

    public TxOut Clone() => new(Value, ScriptPubKey);

    public bool Equals(TxOut? other) => other is not null && Value == other.Value && ScriptPubKey == other.ScriptPubKey;

    public override bool Equals(object? obj) => Equals(obj as TxOut);

    public override int GetHashCode() => HashCode.Combine(Value, ScriptPubKey);
}
