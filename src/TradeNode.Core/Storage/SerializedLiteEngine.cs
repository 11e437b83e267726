using LiteDB;
using LiteDB.Engine;

namespace TradeNode.Core.Storage;

/// <summary>
/// A LiteDB engine that runs one operation at a time. LiteDB 5.0.21 in Direct mode fails under concurrent reads and
/// writes on one database from several threads ("pages in memory store must be non-shared", then "Maximum number of
/// transactions reached"): the core database is shared by the wallet and every service, so every call goes through
/// one lock here. An explicit transaction (<see cref="BeginTrans"/>) keeps the lock on its thread until
/// <see cref="Commit"/> or <see cref="Rollback"/>, so its writes are never interleaved with another thread's; its body
/// must therefore run synchronously on that thread (as <c>WalletStore.InTransaction</c> does). Queries are read to the
/// end under the lock and handed back as a list, so no lazy reader touches pages after the lock is released.
/// </summary>
internal sealed class SerializedLiteEngine(ILiteEngine inner) : ILiteEngine
{
    private readonly object _gate = new();
    private readonly ThreadLocal<int> _transactionHolds = new();

    public int Checkpoint() => Run(inner.Checkpoint);

    public long Rebuild(RebuildOptions options) => Run(() => inner.Rebuild(options));

    /// <summary>Begins the calling thread's transaction and keeps the lock until it commits or rolls back.</summary>
    public bool BeginTrans()
    {
        Monitor.Enter(_gate);
        var began = false;
        try
        {
            began = inner.BeginTrans();
        }
        finally
        {
            if (began)
            {
                _transactionHolds.Value++;
            }
            else
            {
                Monitor.Exit(_gate);
            }
        }

        return began;
    }

    public bool Commit() => EndTransaction(inner.Commit);

    public bool Rollback() => EndTransaction(inner.Rollback);

    public IBsonDataReader Query(string collection, Query query) => Run(() =>
    {
        using var reader = inner.Query(collection, query);
        var values = new List<BsonValue>();
        while (reader.Read())
        {
            values.Add(reader.Current);
        }

        return (IBsonDataReader)new MaterializedDataReader(values, reader.Collection);
    });

    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Run(() => inner.Insert(collection, docs, autoId));

    public int Update(string collection, IEnumerable<BsonDocument> docs) => Run(() => inner.Update(collection, docs));

    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) => Run(() => inner.UpdateMany(collection, transform, predicate));

    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Run(() => inner.Upsert(collection, docs, autoId));

    public int Delete(string collection, IEnumerable<BsonValue> ids) => Run(() => inner.Delete(collection, ids));

    public int DeleteMany(string collection, BsonExpression predicate) => Run(() => inner.DeleteMany(collection, predicate));

    public bool DropCollection(string name) => Run(() => inner.DropCollection(name));

    public bool RenameCollection(string name, string newName) => Run(() => inner.RenameCollection(name, newName));

    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique) => Run(() => inner.EnsureIndex(collection, name, expression, unique));

    public bool DropIndex(string collection, string name) => Run(() => inner.DropIndex(collection, name));

    public BsonValue Pragma(string name) => Run(() => inner.Pragma(name));

    public bool Pragma(string name, BsonValue value) => Run(() => inner.Pragma(name, value));

    public void Dispose()
    {
        lock (_gate)
        {
            inner.Dispose();
        }

        _transactionHolds.Dispose();
    }

    private T Run<T>(Func<T> operation)
    {
        lock (_gate)
        {
            return operation();
        }
    }

    /// <summary>Commits or rolls back under the lock, then lets go of the hold <see cref="BeginTrans"/> took on this thread.</summary>
    private bool EndTransaction(Func<bool> end)
    {
        try
        {
            return Run(end);
        }
        finally
        {
            if (_transactionHolds.Value > 0)
            {
                _transactionHolds.Value--;
                Monitor.Exit(_gate);
            }
        }
    }
}
