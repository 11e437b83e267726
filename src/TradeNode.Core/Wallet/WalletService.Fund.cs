using TradeNode.Bitcoin;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Wallet;

public sealed partial class WalletService
{
    /// <summary>
    /// Regtest only: mines <paramref name="blocks"/> blocks paying a new receive address of this wallet, then syncs.
    /// With the default 101 blocks the first coinbase is mature, so the wallet can spend at once.
    /// </summary>
    public async Task<FundResult> FundAsync(int blocks = 101, CancellationToken cancellationToken = default)
    {
        RequireMeta();
        if (_network != Network.RegTest)
        {
            throw new PreconditionFailedException($"Funding by mining works only on regtest, and this node is on {_network.Name}.");
        }

        if (blocks is < 1 or > 1000)
        {
            throw new InvalidInputException("blocks", "Mine between 1 and 1000 blocks.");
        }

        var address = NewAddress();
        var hashes = await _chain.GenerateToScriptAsync(blocks, address.ScriptPubKey, cancellationToken).ConfigureAwait(false);
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        return new FundResult(address, hashes, GetBalance());
    }
}
