using TradeNode.Bitcoin.Fees;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain;

/// <summary><see cref="IChainClient"/> over a <see cref="RegtestChain"/> in the same process.</summary>
public sealed class EmbeddedChainClient : IChainClient
{
    private readonly RegtestChain _chain;

    public EmbeddedChainClient(RegtestChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _chain = chain;
    }

    public Task<ChainTip> GetTipAsync(CancellationToken cancellationToken = default) => Run(() => _chain.Tip, cancellationToken);

    public Task<UInt256?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default) =>
        Run(() => _chain.GetBlockHash(height), cancellationToken);

    public Task<ChainBlock?> GetBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default) =>
        Run(() => _chain.GetBlock(blockHash), cancellationToken);

    public Task<ChainBlock?> GetBlockAsync(int height, CancellationToken cancellationToken = default) =>
        Run(() => _chain.GetBlock(height), cancellationToken);

    public Task<ChainHeader?> GetBlockHeaderAsync(UInt256 blockHash, CancellationToken cancellationToken = default) =>
        Run(() => _chain.GetHeader(blockHash), cancellationToken);

    public Task<ChainTransaction?> GetTransactionAsync(UInt256 txid, CancellationToken cancellationToken = default) =>
        Run(() => _chain.GetTransaction(txid), cancellationToken);

    public Task<BroadcastResult> BroadcastAsync(Transaction transaction, CancellationToken cancellationToken = default) =>
        Run(
            () =>
            {
                try
                {
                    return BroadcastResult.Accept(_chain.AcceptToMempool(transaction).Txid);
                }
                catch (ValidationException ex)
                {
                    return BroadcastResult.Reject(transaction.GetHash(), ex.Message, ex.RpcCode);
                }
            },
            cancellationToken);

    public Task<IReadOnlyList<MempoolAcceptResult>> TestMempoolAcceptAsync(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken = default) =>
        Run(() => _chain.TestMempoolAccept(transactions), cancellationToken);

    public Task<IReadOnlyList<UInt256>> GetMempoolTxidsAsync(CancellationToken cancellationToken = default) =>
        Run(_chain.GetMempoolTxids, cancellationToken);

    public Task<MempoolEntryInfo?> GetMempoolEntryAsync(UInt256 txid, CancellationToken cancellationToken = default) =>
        Run(() => _chain.GetMempoolEntry(txid), cancellationToken);

    public Task<TxOutInfo?> GetTxOutAsync(OutPoint outPoint, bool includeMempool = true, CancellationToken cancellationToken = default) =>
        Run(() => _chain.GetTxOut(outPoint, includeMempool), cancellationToken);

    public Task<FeeRate> EstimateFeeRateAsync(int confirmationTarget, CancellationToken cancellationToken = default) =>
        Run(() => _chain.EstimateFeeRate(confirmationTarget), cancellationToken);

    public Task<IReadOnlyList<UInt256>> GenerateToScriptAsync(int blockCount, Script scriptPubKey, CancellationToken cancellationToken = default) =>
        Run(() => _chain.Generate(blockCount, scriptPubKey), cancellationToken);

    public Task InvalidateBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default) =>
        Run(() => _chain.InvalidateBlock(blockHash), cancellationToken);

    public Task ReconsiderBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default) =>
        Run(() => _chain.ReconsiderBlock(blockHash), cancellationToken);

    private static Task<T> Run<T>(Func<T> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(action());
    }

    private static Task Run(Action action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        action();
        return Task.CompletedTask;
    }
}
