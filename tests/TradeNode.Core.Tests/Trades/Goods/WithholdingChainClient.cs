using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Chain;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>
/// A real chain client that, while <see cref="Withhold"/> is set, answers every broadcast as accepted but keeps the
/// transaction back (as a slow network would) until <see cref="ReleaseAsync"/> broadcasts what it held.
/// </summary>
internal sealed class WithholdingChainClient(IChainClient inner) : IChainClient
{
    private readonly List<Transaction> _held = [];

    public bool Withhold { get; set; } = true;

    public int HeldCount
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    public async Task ReleaseAsync()
    {
        Transaction[] held;
        lock (_held)
        {
            Withhold = false;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var transaction in held)
        {
            var result = await inner.BroadcastAsync(transaction);
            Assert.True(result.Accepted, result.RejectReason);
        }
    }

    public Task<BroadcastResult> BroadcastAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        lock (_held)
        {
            if (Withhold)
            {
                if (!_held.Any(t => t.GetHash() == transaction.GetHash()))
                {
                    _held.Add(transaction);
                }

                return Task.FromResult(new BroadcastResult(transaction.GetHash(), true));
            }
        }

        return inner.BroadcastAsync(transaction, cancellationToken);
    }

    public Task<ChainBlock?> GetBlockAsync(int height, CancellationToken cancellationToken = default) => inner.GetBlockAsync(height, cancellationToken);

    public Task<ChainTip> GetTipAsync(CancellationToken cancellationToken = default) => inner.GetTipAsync(cancellationToken);

    public Task<UInt256?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default) => inner.GetBlockHashAsync(height, cancellationToken);

    public Task<ChainBlock?> GetBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default) => inner.GetBlockAsync(blockHash, cancellationToken);

    public Task<ChainHeader?> GetBlockHeaderAsync(UInt256 blockHash, CancellationToken cancellationToken = default) => inner.GetBlockHeaderAsync(blockHash, cancellationToken);

    public Task<ChainTransaction?> GetTransactionAsync(UInt256 txid, CancellationToken cancellationToken = default) => inner.GetTransactionAsync(txid, cancellationToken);

    public Task<IReadOnlyList<MempoolAcceptResult>> TestMempoolAcceptAsync(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken = default) =>
        inner.TestMempoolAcceptAsync(transactions, cancellationToken);

    public Task<IReadOnlyList<UInt256>> GetMempoolTxidsAsync(CancellationToken cancellationToken = default) => inner.GetMempoolTxidsAsync(cancellationToken);

    public Task<MempoolEntryInfo?> GetMempoolEntryAsync(UInt256 txid, CancellationToken cancellationToken = default) => inner.GetMempoolEntryAsync(txid, cancellationToken);

    public Task<TxOutInfo?> GetTxOutAsync(OutPoint outPoint, bool includeMempool = true, CancellationToken cancellationToken = default) =>
        inner.GetTxOutAsync(outPoint, includeMempool, cancellationToken);

    public Task<FeeRate> EstimateFeeRateAsync(int confirmationTarget, CancellationToken cancellationToken = default) => inner.EstimateFeeRateAsync(confirmationTarget, cancellationToken);

    public Task<IReadOnlyList<UInt256>> GenerateToScriptAsync(int blockCount, Script scriptPubKey, CancellationToken cancellationToken = default) =>
        inner.GenerateToScriptAsync(blockCount, scriptPubKey, cancellationToken);

    public Task InvalidateBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default) => inner.InvalidateBlockAsync(blockHash, cancellationToken);

    public Task ReconsiderBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default) => inner.ReconsiderBlockAsync(blockHash, cancellationToken);
}
