namespace TradeNode.Core.Wallet;

/// <summary>
/// Sets coins aside for a purpose (an open offer, a trade) so that a send never spends them. Reservations are
/// persisted: they survive a restart until released.
/// </summary>
public interface ICoinReserver
{
    /// <summary>
    /// Reserves confirmed or own unconfirmed coins worth at least <paramref name="amountSats"/> under
    /// <paramref name="reservationId"/>. Idempotent for the same id and amount. Throws
    /// <see cref="Errors.PreconditionFailedException"/> when the spendable, unreserved balance is too small.
    /// </summary>
    void Reserve(string reservationId, long amountSats);

    /// <summary>Releases the coins of <paramref name="reservationId"/>; false when there was no such reservation.</summary>
    bool Release(string reservationId);

    /// <summary>
    /// The still-unspent coins held by <paramref name="reservationId"/>, for the trade layer to spend into an escrow;
    /// empty when there is no such reservation. The default (for reservers that do not track coins) is empty.
    /// </summary>
    IReadOnlyList<WalletCoin> GetReservedCoins(string reservationId) => [];
}
