namespace TradeNode.Core.Wallet;

/// <summary>
/// Sets funds aside for a purpose so that a send never spends them. Two kinds, both persisted until released:
/// coin reservations (<see cref="Reserve"/>: specific coins, for a trade building a transaction) and amount holds
/// (<see cref="Hold"/>: an amount only, for an open offer, so one coin can back several offers).
/// </summary>
public interface ICoinReserver
{
    /// <summary>
    /// Reserves confirmed or own unconfirmed coins worth at least <paramref name="amountSats"/> under
    /// <paramref name="reservationId"/>. Idempotent for the same id and amount. Throws
    /// <see cref="Errors.PreconditionFailedException"/> when the spendable, unpromised balance is too small.
    /// </summary>
    void Reserve(string reservationId, long amountSats);

    /// <summary>
    /// Promises <paramref name="amountSats"/> to <paramref name="holdId"/> without picking coins. Idempotent for the
    /// same id and amount. Throws <see cref="Errors.PreconditionFailedException"/> (with the numbers) when the
    /// spendable value not yet promised to trades and other holds is smaller.
    /// </summary>
    void Hold(string holdId, long amountSats);

    /// <summary>The ids of the amount holds kept now (so a service can release holds whose purpose is gone). Default: none.</summary>
    IReadOnlyList<string> HoldIds() => [];

    /// <summary>Releases the coin reservation or hold <paramref name="reservationId"/>; false when there was none.</summary>
    bool Release(string reservationId);

    /// <summary>
    /// The still-unspent coins held by <paramref name="reservationId"/>, for the trade layer to spend into an escrow;
    /// empty when there is no such reservation. The default (for reservers that do not track coins) is empty.
    /// </summary>
    IReadOnlyList<WalletCoin> GetReservedCoins(string reservationId) => [];
}
