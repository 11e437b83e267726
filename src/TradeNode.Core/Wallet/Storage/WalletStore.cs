using LiteDB;
using TradeNode.Bitcoin;

namespace TradeNode.Core.Wallet.Storage;

/// <summary>
/// The wallet's collections in the node's shared LiteDB database, all prefixed <c>wallet_</c>. Writes of one
/// operation (a block, a send, a rollback) go through <see cref="InTransaction"/> so a crash keeps all or nothing.
/// LiteDB transactions belong to the calling thread: callers run the whole body synchronously.
/// </summary>
internal sealed class WalletStore
{
    private const string MetaId = "wallet";
    private const string HoldKind = "hold";
    private const string CoinsKind = "coins";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly ILiteCollection<BsonDocument> _coins;
    private readonly ILiteCollection<BsonDocument> _transactions;
    private readonly ILiteCollection<BsonDocument> _blocks;
    private readonly ILiteCollection<BsonDocument> _reservations;

    public WalletStore(LiteDatabase database)
    {
        _database = database;
        _meta = database.GetCollection("wallet_meta");
        _coins = database.GetCollection("wallet_coins");
        _transactions = database.GetCollection("wallet_transactions");
        _blocks = database.GetCollection("wallet_blocks");
        _reservations = database.GetCollection("wallet_reservations");
    }

    /// <summary>Runs <paramref name="body"/> in one LiteDB transaction (or inside the caller's, when one is open on this thread).</summary>
    public void InTransaction(Action body)
    {
        var own = _database.BeginTrans();
        try
        {
            body();
            if (own)
            {
                _database.Commit();
            }
        }
        catch
        {
            if (own)
            {
                _database.Rollback();
            }

            throw;
        }
    }

    public WalletMeta? LoadMeta()
    {
        var d = _meta.FindById(MetaId);
        if (d is null)
        {
            return null;
        }

        var seed = d["seed"].AsDocument;
        return new WalletMeta
        {
            Network = d["network"].AsString,
            AccountXpub = d["accountXpub"].AsString,
            EscrowXpub = d["escrowXpub"].AsString,
            MasterFingerprint = (uint)d["masterFingerprint"].AsInt64,
            Birthday = d["birthday"].AsInt32,
            Created = DateTimeOffset.FromUnixTimeMilliseconds(d["created"].AsInt64),
            Seed = new EncryptedSeed(
                seed["salt"].AsBinary, seed["nonce"].AsBinary, seed["ciphertext"].AsBinary, seed["memoryKiB"].AsInt64, seed["passes"].AsInt64),
            ReceiveNext = d["receiveNext"].AsInt32,
            ChangeNext = d["changeNext"].AsInt32,
            ReceiveUsed = d["receiveUsed"].AsInt32,
            ChangeUsed = d["changeUsed"].AsInt32,
            ScannedHeight = d["scannedHeight"].AsInt32,
            NodeKey = d.TryGetValue("nodeKey", out var nodeKey) && nodeKey.IsString ? nodeKey.AsString : null,
        };
    }

    public void SaveMeta(WalletMeta meta) => _meta.Upsert(new BsonDocument
    {
        ["_id"] = MetaId,
        ["network"] = meta.Network,
        ["accountXpub"] = meta.AccountXpub,
        ["escrowXpub"] = meta.EscrowXpub,
        ["masterFingerprint"] = (long)meta.MasterFingerprint,
        ["birthday"] = meta.Birthday,
        ["created"] = meta.Created.ToUnixTimeMilliseconds(),
        ["seed"] = new BsonDocument
        {
            ["salt"] = meta.Seed.Salt,
            ["nonce"] = meta.Seed.Nonce,
            ["ciphertext"] = meta.Seed.Ciphertext,
            ["memoryKiB"] = meta.Seed.MemoryKiB,
            ["passes"] = meta.Seed.Passes,
        },
        ["receiveNext"] = meta.ReceiveNext,
        ["changeNext"] = meta.ChangeNext,
        ["receiveUsed"] = meta.ReceiveUsed,
        ["changeUsed"] = meta.ChangeUsed,
        ["scannedHeight"] = meta.ScannedHeight,
        ["nodeKey"] = meta.NodeKey is null ? BsonValue.Null : new BsonValue(meta.NodeKey),
    });

    public IEnumerable<CoinRecord> LoadCoins() => _coins.FindAll().Select(d => new CoinRecord
    {
        Outpoint = new OutPoint(UInt256.Parse(d["txid"].AsString), (uint)d["n"].AsInt64),
        Value = d["value"].AsInt64,
        ScriptPubKey = new Script(d["script"].AsBinary),
        Chain = d["chain"].AsInt32,
        Index = d["index"].AsInt32,
        IsCoinBase = d["coinbase"].AsBoolean,
        FromSelf = d["fromSelf"].AsBoolean,
        Height = NullableInt(d["height"]),
        BlockHash = NullableString(d["blockHash"]),
        SpentBy = NullableString(d["spentBy"]),
        SpentHeight = NullableInt(d["spentHeight"]),
    }).ToList();

    public void SaveCoin(CoinRecord coin) => _coins.Upsert(new BsonDocument
    {
        ["_id"] = coin.Id,
        ["txid"] = coin.Outpoint.Hash.ToString(),
        ["n"] = (long)coin.Outpoint.N,
        ["value"] = coin.Value,
        ["script"] = coin.ScriptPubKey.ToBytes(),
        ["chain"] = coin.Chain,
        ["index"] = coin.Index,
        ["coinbase"] = coin.IsCoinBase,
        ["fromSelf"] = coin.FromSelf,
        ["height"] = coin.Height is { } h ? new BsonValue(h) : BsonValue.Null,
        ["blockHash"] = coin.BlockHash is { } b ? new BsonValue(b) : BsonValue.Null,
        ["spentBy"] = coin.SpentBy is { } s ? new BsonValue(s) : BsonValue.Null,
        ["spentHeight"] = coin.SpentHeight is { } sh ? new BsonValue(sh) : BsonValue.Null,
    });

    public void DeleteCoin(CoinRecord coin) => _coins.Delete(coin.Id);

    public IEnumerable<TransactionRecord> LoadTransactions() => _transactions.FindAll().Select(d => new TransactionRecord
    {
        Txid = UInt256.Parse(d["_id"].AsString),
        Transaction = Transaction.FromBytes(d["raw"].AsBinary),
        FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(d["firstSeen"].AsInt64),
        Net = d["net"].AsInt64,
        Fee = d["fee"].IsNull ? null : d["fee"].AsInt64,
        Height = NullableInt(d["height"]),
        BlockHash = NullableString(d["blockHash"]),
        BlockTime = d["blockTime"].IsNull ? null : DateTimeOffset.FromUnixTimeSeconds(d["blockTime"].AsInt64),
        Label = NullableString(d["label"]),
    }).ToList();

    public void SaveTransaction(TransactionRecord tx) => _transactions.Upsert(new BsonDocument
    {
        ["_id"] = tx.Id,
        ["raw"] = tx.Transaction.ToBytes(),
        ["firstSeen"] = tx.FirstSeen.ToUnixTimeMilliseconds(),
        ["net"] = tx.Net,
        ["fee"] = tx.Fee is { } f ? new BsonValue(f) : BsonValue.Null,
        ["height"] = tx.Height is { } h ? new BsonValue(h) : BsonValue.Null,
        ["blockHash"] = tx.BlockHash is { } b ? new BsonValue(b) : BsonValue.Null,
        ["blockTime"] = tx.BlockTime is { } t ? new BsonValue(t.ToUnixTimeSeconds()) : BsonValue.Null,
        ["label"] = tx.Label is { } l ? new BsonValue(l) : BsonValue.Null,
    });

    public void DeleteTransaction(TransactionRecord tx) => _transactions.Delete(tx.Id);

    public IEnumerable<(int Height, string Hash)> LoadBlocks() =>
        _blocks.FindAll().Select(d => (d["_id"].AsInt32, d["hash"].AsString)).ToList();

    public void SaveBlock(int height, string hash) => _blocks.Upsert(new BsonDocument { ["_id"] = height, ["hash"] = hash });

    public void DeleteBlock(int height) => _blocks.Delete(height);

    /// <summary>Coin reservations and holds; records written before holds existed have no "kind" and are coin reservations.</summary>
    public IEnumerable<ReservationRecord> LoadReservations() => _reservations.FindAll().Select(d => new ReservationRecord(
        d["_id"].AsString,
        d["amount"].AsInt64,
        d["outpoints"].AsArray.Select(v => v.AsString).ToList(),
        d.TryGetValue("kind", out var kind) && kind.IsString && kind.AsString == HoldKind)).ToList();

    public void SaveReservation(ReservationRecord reservation) => _reservations.Upsert(new BsonDocument
    {
        ["_id"] = reservation.Id,
        ["amount"] = reservation.Amount,
        ["outpoints"] = new BsonArray(reservation.Outpoints.Select(o => new BsonValue(o))),
        ["kind"] = reservation.IsHold ? HoldKind : CoinsKind,
    });

    public void DeleteReservation(string id) => _reservations.Delete(id);

    private static int? NullableInt(BsonValue value) => value.IsNull ? null : value.AsInt32;

    private static string? NullableString(BsonValue value) => value.IsNull ? null : value.AsString;
}
