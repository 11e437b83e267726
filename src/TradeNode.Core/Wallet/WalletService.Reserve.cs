using TradeNode.Core.Errors;
using TradeNode.Core.Wallet.Storage;

namespace TradeNode.Core.Wallet;

public sealed partial class WalletService
{
    /// <summary>
    /// Coin reservation: sets aside specific spendable coins worth at least <paramref name="amountSats"/> under
    /// <paramref name="reservationId"/> (persisted as outpoints), for a trade or order that builds a transaction from
    /// them. The amount must also fit in what is not yet promised to offers (holds) and other reservations. The same
    /// id and amount again changes nothing; the same id with another amount picks again. Sends never spend reserved coins.
    /// </summary>
    public void Reserve(string reservationId, long amountSats)
    {
        CheckReservation(reservationId, "reservation_id", amountSats);
        lock (_gate)
        {
            RequireMeta();
            if (_reservations.TryGetValue(reservationId, out var existing))
            {
                if (existing.IsHold)
                {
                    throw new PreconditionFailedException($"{reservationId} is a hold for an offer, not a coin reservation.");
                }

                if (existing.Amount == amountSats)
                {
                    return;
                }
            }

            RequireUnpromised(amountSats, id => id == reservationId, "reserve for a trade");
            var picked = PickFreeCoins(amountSats, reservationId);
            var reservation = new ReservationRecord(reservationId, amountSats, picked);
            _store.SaveReservation(reservation);
            _reservations[reservationId] = reservation;
        }

        OnChanged();
    }

    /// <summary>
    /// Amount hold: promises <paramref name="amountSats"/> to <paramref name="holdId"/> (an open offer) without picking
    /// coins, so one coin can back several offers. Refused (<see cref="PreconditionFailedException"/> with the numbers)
    /// when the spendable value minus what trades and other holds are promised is smaller. Persisted; the same id and
    /// amount again changes nothing, another amount replaces the hold. Sends refuse to spend into held amounts.
    /// </summary>
    public void Hold(string holdId, long amountSats)
    {
        CheckReservation(holdId, "hold_id", amountSats);
        lock (_gate)
        {
            RequireMeta();
            if (_reservations.TryGetValue(holdId, out var existing))
            {
                if (!existing.IsHold)
                {
                    throw new PreconditionFailedException($"{holdId} is a coin reservation, not a hold.");
                }

                if (existing.Amount == amountSats)
                {
                    return;
                }
            }

            RequireUnpromised(amountSats, id => id == holdId, "hold for an offer");
            var hold = new ReservationRecord(holdId, amountSats, [], IsHold: true);
            _store.SaveReservation(hold);
            _reservations[holdId] = hold;
        }

        OnChanged();
    }

    /// <summary>
    /// Turns the hold <paramref name="holdId"/> (an offer being taken) into the coin reservation
    /// <paramref name="reservationId"/> (its trade) of <paramref name="amountSats"/> in one store transaction: the
    /// coins are picked, the reservation saved and the hold deleted together, so no crash leaves both or neither.
    /// The hold's amount counts as available to the reservation; anything beyond it must be unpromised. A missing hold
    /// (already converted, released, or lost) is no error: the whole amount must then be unpromised. Re-running after
    /// a crash is safe: when <paramref name="reservationId"/> already holds that amount, nothing changes. When no free
    /// coins cover the amount (the only coin is locked in another trade's unconfirmed deposit, say), throws
    /// <see cref="PreconditionFailedException"/> with the numbers and leaves the hold as it was.
    /// </summary>
    public void ReserveFromHold(string holdId, string reservationId, long amountSats)
    {
        ArgumentNullException.ThrowIfNull(holdId);
        CheckReservation(reservationId, "reservation_id", amountSats);
        lock (_gate)
        {
            RequireMeta();
            if (_reservations.TryGetValue(reservationId, out var existing))
            {
                if (existing.IsHold)
                {
                    throw new PreconditionFailedException($"{reservationId} is a hold for an offer, not a coin reservation.");
                }

                if (existing.Amount == amountSats)
                {
                    return;
                }
            }

            var hold = _reservations.GetValueOrDefault(holdId) is { IsHold: true } h ? h : null;
            RequireUnpromised(amountSats, id => id == reservationId || id == holdId, "reserve for a trade");
            var picked = PickFreeCoins(amountSats, reservationId);
            var reservation = new ReservationRecord(reservationId, amountSats, picked);
            Write(() =>
            {
                _store.SaveReservation(reservation);
                if (hold is not null)
                {
                    _store.DeleteReservation(holdId);
                }
            });
            _reservations[reservationId] = reservation;
            if (hold is not null)
            {
                _reservations.Remove(holdId);
            }
        }

        OnChanged();
    }

    /// <summary>
    /// The undo of <see cref="ReserveFromHold"/> (the trade could not start): releases the coin reservation
    /// <paramref name="reservationId"/> and restores the hold <paramref name="holdId"/> of <paramref name="holdSats"/>
    /// in one store transaction. Restoring what was promised before needs no check. A hold of 0 is not restored.
    /// </summary>
    public void ReturnToHold(string reservationId, string holdId, long holdSats)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        ArgumentNullException.ThrowIfNull(holdId);
        lock (_gate)
        {
            RequireMeta();
            var hold = holdSats > 0 ? new ReservationRecord(holdId, holdSats, [], IsHold: true) : null;
            var hadReservation = _reservations.GetValueOrDefault(reservationId) is { IsHold: false };
            Write(() =>
            {
                if (hadReservation)
                {
                    _store.DeleteReservation(reservationId);
                }

                if (hold is not null)
                {
                    _store.SaveReservation(hold);
                }
            });
            if (hadReservation)
            {
                _reservations.Remove(reservationId);
            }

            if (hold is not null)
            {
                _reservations[holdId] = hold;
            }
        }

        OnChanged();
    }

    /// <summary>Releases the coin reservation or the hold <paramref name="reservationId"/>; false when there was none.</summary>
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

    /// <summary>The ids of the amount holds kept now, ordered.</summary>
    public IReadOnlyList<string> HoldIds()
    {
        lock (_gate)
        {
            return [.. _reservations.Values.Where(r => r.IsHold).Select(r => r.Id).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The amount held for <paramref name="holdId"/>; 0 when there is no such hold.</summary>
    public long GetHeld(string holdId)
    {
        ArgumentNullException.ThrowIfNull(holdId);
        lock (_gate)
        {
            return _reservations.GetValueOrDefault(holdId) is { IsHold: true } hold ? hold.Amount : 0;
        }
    }

    /// <summary>The still-unspent coins held by <paramref name="reservationId"/> (empty when there is no such reservation, or it is a hold).</summary>
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

    private static void CheckReservation(string id, string field, long amountSats)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidInputException(field, "The reservation id is empty.");
        }

        if (amountSats <= 0)
        {
            throw new InvalidInputException("amount_sats", "The amount to reserve must be more than zero satoshis.");
        }
    }

    /// <summary>
    /// What trades and offers are promised, and how much of the spendable value is not, leaving out the reservations
    /// <paramref name="skip"/> names. A coin reservation counts its amount while its coins are unspent (its surplus comes
    /// back as change), nothing once they are spent (its deposit is out). Caller holds the gate.
    /// </summary>
    private (long Spendable, long Committed, long Held, long Unpromised) Promises(Func<string, bool>? skip = null)
    {
        var spendable = _coins.Values.Where(c => c.SpentBy is null && IsSpendable(c)).Sum(c => c.Value);
        long committed = 0, held = 0;
        foreach (var r in _reservations.Values.Where(r => skip is null || !skip(r.Id)))
        {
            if (r.IsHold)
            {
                held += r.Amount;
            }
            else
            {
                var unspent = r.Outpoints.Select(o => _coins.GetValueOrDefault(o)).Where(c => c is { SpentBy: null }).Sum(c => c!.Value);
                committed += Math.Min(r.Amount, unspent);
            }
        }

        return (spendable, committed, held, spendable - committed - held);
    }

    /// <summary>Throws when <paramref name="amountSats"/> does not fit in the unpromised value. Caller holds the gate.</summary>
    private void RequireUnpromised(long amountSats, Func<string, bool> skip, string purpose)
    {
        var (spendable, committed, held, unpromised) = Promises(skip);
        if (amountSats > unpromised)
        {
            var pending = PendingIncoming();
            throw new PreconditionFailedException(
                $"Not enough funds to {purpose}: {amountSats} satoshis are needed, but of the {spendable} spendable, {committed} are reserved "
                + $"for trades and {held} are held by open offers, leaving {Math.Max(0, unpromised)}."
                + (pending > 0 ? $" {pending} more are in unconfirmed incoming coins (such as the change of a trade's deposit), spendable once they confirm." : string.Empty));
        }
    }

    /// <summary>
    /// Spendable coins no other reservation holds, covering <paramref name="amountSats"/>: the smallest single coin that
    /// does, else the largest first. Throws with the numbers when the free coins fall short. Caller holds the gate.
    /// </summary>
    private List<string> PickFreeCoins(long amountSats, string reservationId)
    {
        var reservedElsewhere = _reservations.Values.Where(r => r.Id != reservationId).SelectMany(r => r.Outpoints).ToHashSet();
        var free = _coins.Values.Where(c => c.SpentBy is null && IsSpendable(c) && !reservedElsewhere.Contains(c.Id)).ToList();
        var picked = PickForReservation(free, amountSats);
        if (picked is not null)
        {
            return picked.Select(c => c.Id).ToList();
        }

        var locked = _coins.Values.Where(c => c.SpentBy is null && IsSpendable(c) && reservedElsewhere.Contains(c.Id)).Sum(c => c.Value);
        var pending = PendingIncoming();
        throw new PreconditionFailedException(
            $"Not enough free coins: {free.Sum(c => c.Value)} satoshis are free to spend now, {amountSats} are needed; {locked} are in coins "
            + $"reserved by other trades and {pending} in unconfirmed incoming coins (such as the change of a trade's deposit), "
            + "spendable once they confirm.");
    }

    /// <summary>Unspent coins of unconfirmed transactions that are not all ours (not spendable until they confirm). Caller holds the gate.</summary>
    private long PendingIncoming() => _coins.Values.Where(c => c.SpentBy is null && c.Height is null && !c.FromSelf).Sum(c => c.Value);

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
