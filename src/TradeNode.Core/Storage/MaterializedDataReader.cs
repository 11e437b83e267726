using LiteDB;

namespace TradeNode.Core.Storage;

/// <summary>A query's results, read to the end already (see <see cref="SerializedLiteEngine"/>), served as LiteDB's reader.</summary>
internal sealed class MaterializedDataReader(IReadOnlyList<BsonValue> values, string collection) : IBsonDataReader
{
    private int _index = -1;

    public BsonValue this[string field] => Current.AsDocument[field];

    public string Collection => collection;

    public BsonValue Current => _index >= 0 && _index < values.Count ? values[_index] : BsonValue.Null;

    public bool HasValues => values.Count > 0;

    public bool Read() => ++_index < values.Count;

    public void Dispose()
    {
    }
}
