using TradeNode.Bitcoin.Fees;

namespace TradeNode.Chain;

/// <summary>
/// The one view of the Bitcoin chain the rest of the node uses. Implemented over Bitcoin Core's JSON-RPC and by the
/// embedded regtest chain. Methods that look something up return null when it does not exist.
/// </summary>
public interface IChainClient
{
    Task<ChainTip> GetTipAsync(CancellationToken cancellationToken = default);

    Task<UInt256?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default);

    Task<ChainBlock?> GetBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default);

    Task<ChainBlock?> GetBlockAsync(int height, CancellationToken cancellationToken = default);

    Task<ChainHeader?> GetBlockHeaderAsync(UInt256 blockHash, CancellationToken cancellationToken = default);

    Task<ChainTransaction?> GetTransactionAsync(UInt256 txid, CancellationToken cancellationToken = default);

    Task<BroadcastResult> BroadcastAsync(Transaction transaction, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MempoolAcceptResult>> TestMempoolAcceptAsync(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UInt256>> GetMempoolTxidsAsync(CancellationToken cancellationToken = default);

    Task<MempoolEntryInfo?> GetMempoolEntryAsync(UInt256 txid, CancellationToken cancellationToken = default);

    Task<TxOutInfo?> GetTxOutAsync(OutPoint outPoint, bool includeMempool = true, CancellationToken cancellationToken = default);

    /// <summary>A fee rate expected to confirm within <paramref name="confirmationTarget"/> blocks.</summary>
    Task<FeeRate> EstimateFeeRateAsync(int confirmationTarget, CancellationToken cancellationToken = default);

    /// <summary>Regtest only: mines <paramref name="blockCount"/> blocks paying <paramref name="scriptPubKey"/>.</summary>
    Task<IReadOnlyList<UInt256>> GenerateToScriptAsync(int blockCount, Script scriptPubKey, CancellationToken cancellationToken = default);

    /// <summary>Regtest only: marks a block invalid and reorganizes away from it.</summary>
    Task InvalidateBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default);

    /// <summary>Regtest only: removes the invalid mark of a block and its descendants and takes the best chain again.</summary>
    Task ReconsiderBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default);
}
