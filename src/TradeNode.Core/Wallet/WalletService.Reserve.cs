using TradeNode.Core.Errors;
using TradeNode.Core.Wallet.Storage;

namespace TradeNode.Core.Wallet;

public sealed partial class WalletService
{
    /// <summary>
    /// Sets aside specific spendable coins worth at least <paramref name="amountSats"/> under
    /// <paramref name="reservationId"/> (persisted as outpoints). The same id and amount again changes nothing; the
    /// same id with another amount picks again. Sends never spend reserved coins.
    /// </summary>
    public void Reserve(string reservationId, long amountSats)
    {
        if (string.IsNullOrWhiteSpace(reservationId))
        {
            throw new InvalidInputException("reservation_id", "The reservation id is empty.");
        }

        if (amountSats <= 0)
        {
            throw new InvalidInputException("amount_sats", "The amount to reserve must be more than zero satoshis.");
        }

        lock (_gate)
        {
            RequireMeta();
            if (_reservations.TryGetValue(reservationId, out var existing) && existing.Amount == amountSats)
            {
                return;
            }

            var reservedElsewhere = _reservations.Values.Where(r => r.Id != reservationId).SelectMany(r => r.Outpoints).ToHashSet();
            var free = _coins.Values
                .Where(c => c.SpentBy is null && IsSpendable(c) && !reservedElsewhere.Contains(c.Id))
                .ToList();
            var picked = PickForReservation(free, amountSats)
                ?? throw new PreconditionFailedException(
                    $"Not enough funds to reserve: {free.Sum(c => c.Value)} satoshis are available, {amountSats} are needed.");
            var reservation = new ReservationRecord(reservationId, amountSats, picked.Select(c => c.Id).ToList());
            _store.SaveReservation(reservation);
            _reservations[reservationId] = reservation;
        }

        OnChanged();
    }

    /// <summary>Releases the coins of <paramref name="reservationId"/>; false when there was no such reservation.</summary>
    public bool Release(string reservationId)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        lock (_gate)
        {
            if (!_reservations.Remove(reservationId))
            {
                return false;
            }

            _store.DeleteReservation(reservationId);
        }

        OnChanged();
        return true;
    }

    /// <summary>The still-unspent coins held by <paramref name="reservationId"/> (empty when there is no such reservation).</summary>
    public IReadOnlyList<WalletCoin> GetReservedCoins(string reservationId)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        lock (_gate)
        {
            return _reservations.TryGetValue(reservationId, out var reservation)
                ? reservation.Outpoints
                    .Select(o => _coins.GetValueOrDefault(o))
                    .Where(c => c is { SpentBy: null })
                    .Select(c => ToWalletCoin(c!))
                    .ToList()
                : [];
        }
    }

    /// <summary>The smallest single coin that covers the amount, else the largest coins first until they do.</summary>
    private static List<CoinRecord>? PickForReservation(List<CoinRecord> free, long amount)
    {
        if (free.Where(c => c.Value >= amount).MinBy(c => c.Value) is { } single)
        {
            return [single];
        }

        var picked = new List<CoinRecord>();
        long sum = 0;
        foreach (var coin in free.OrderByDescending(c => c.Value))
        {
            picked.Add(coin);
            sum += coin.Value;
            if (sum >= amount)
            {
                return picked;
            }
        }

        return null;
    }
}
