using LiteDB;

namespace TradeNode.Chain.Regtest;

/// <summary>
/// The embedded chain's LiteDB file: every block with its status in arrival order, and the mempool. The UTXO set is
/// rebuilt from the blocks on open (already-verified scripts are not verified again), so it can never disagree with
/// them. Each chain operation is written in one transaction.
/// </summary>
public sealed class ChainStore : IDisposable
{
    private const string BlocksCollection = "blocks";
    private const string MempoolCollection = "mempool";

    private readonly LiteDatabase _database;

    public ChainStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        _database.GetCollection(BlocksCollection).EnsureIndex("hash", unique: true);
    }

    /// <summary>Stored blocks (without genesis) in arrival order: arrival number, serialized bytes and status.</summary>
    public IEnumerable<(long SequenceId, byte[] Bytes, BlockStatus Status)> LoadBlocks() =>
        _database.GetCollection(BlocksCollection)
            .Query()
            .OrderBy("_id")
            .ToEnumerable()
            .Select(d => (d["_id"].AsInt64, d["bytes"].AsBinary, (BlockStatus)d["status"].AsInt32))
            .ToList();

    /// <summary>Stored mempool transactions with the time they entered, oldest first.</summary>
    public IEnumerable<(byte[] Bytes, DateTimeOffset Time)> LoadMempool() =>
        _database.GetCollection(MempoolCollection)
            .FindAll()
            .Select(d => (d["bytes"].AsBinary, DateTimeOffset.FromUnixTimeMilliseconds(d["time"].AsInt64)))
            .OrderBy(t => t.Item2)
            .ToList();

    public void Write(ChainStoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty)
        {
            return;
        }

        var blocks = _database.GetCollection(BlocksCollection);
        var mempool = _database.GetCollection(MempoolCollection);
        _database.BeginTrans();
        try
        {
            blocks.InsertBulk(batch.NewBlocks.Select(e => new BsonDocument
            {
                ["_id"] = e.SequenceId,
                ["hash"] = e.Hash.ToString(),
                ["bytes"] = e.Block.ToBytes(),
                ["status"] = (int)e.Status,
            }));

            foreach (var (hash, status) in batch.StatusChanges)
            {
                blocks.UpdateMany(BsonExpression.Create("{ status: @0 }", (int)status), Query.EQ("hash", hash.ToString()));
            }

            foreach (var txid in batch.MempoolRemoved)
            {
                mempool.Delete(txid.ToString());
            }

            foreach (var entry in batch.MempoolAdded.Values)
            {
                mempool.Upsert(new BsonDocument
                {
                    ["_id"] = entry.Txid.ToString(),
                    ["bytes"] = entry.Transaction.ToBytes(),
                    ["time"] = entry.Time.ToUnixTimeMilliseconds(),
                });
            }

            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }

        batch.Clear();
    }

    public void Dispose() => _database.Dispose();
}
