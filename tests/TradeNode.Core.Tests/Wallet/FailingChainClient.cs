using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Chain;

namespace TradeNode.Core.Tests.Wallet;

/// <summary>A real chain client whose block lookup by height fails at one height, as a connection dropping mid-scan would.</summary>
internal sealed class FailingChainClient(IChainClient inner, int failAtHeight) : IChainClient
{
    public int BlockRequests { get; private set; }

    public Task<ChainBlock?> GetBlockAsync(int height, CancellationToken cancellationToken = default)
    {
        BlockRequests++;
        return height == failAtHeight ? throw new IOException("The chain backend went away.") : inner.GetBlockAsync(height, cancellationToken);
    }

    public Task<ChainTip> GetTipAsync(CancellationToken cancellationToken = default) => inner.GetTipAsync(cancellationToken);

    public Task<UInt256?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default) => inner.GetBlockHashAsync(height, cancellationToken);

    public Task<ChainBlock?> GetBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default) => inner.GetBlockAsync(blockHash, cancellationToken);

    public Task<ChainHeader?> GetBlockHeaderAsync(UInt256 blockHash, CancellationToken cancellationToken = default) => inner.GetBlockHeaderAsync(blockHash, cancellationToken);

    public Task<ChainTransaction?> GetTransactionAsync(UInt256 txid, CancellationToken cancellationToken = default) => inner.GetTransactionAsync(txid, cancellationToken);

    public Task<BroadcastResult> BroadcastAsync(Transaction transaction, CancellationToken cancellationToken = default) => inner.BroadcastAsync(transaction, cancellationToken);

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
