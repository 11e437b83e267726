using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Wallet;

public sealed partial class WalletService
{
    /// <summary>
    /// The private escrow key for trade <paramref name="index"/>: m/84'/coin'/1000'/index (non-hardened, so others
    /// derive its public key from <see cref="EscrowAccountKey"/>). Needs the wallet unlocked.
    /// </summary>
    public Key GetEscrowKey(uint index)
    {
        if (KeyPath.IsHardened(index))
        {
            throw new InvalidInputException("index", "The escrow key index must be below 2^31 (non-hardened).");
        }

        var (_, escrow) = RequireUnlocked();
        return escrow.Derive(index).PrivateKey;
    }

    /// <summary>
    /// Signs every input of <paramref name="psbt"/> that the wallet can: inputs spending one of its addresses, and
    /// inputs whose BIP32 derivations name this wallet's master fingerprint under its BIP84 or escrow account.
    /// Returns a signed copy; the original is not changed. Needs the wallet unlocked.
    /// </summary>
    public PSBT SignOwnInputs(PSBT psbt)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        var (account, escrow) = RequireUnlocked();
        var accountPath = KeyPaths.Bip84Account(_network, 0);
        var escrowPath = KeyPaths.Bip84Account(_network, EscrowAccount);
        var fingerprint = MasterFingerprint;
        RequireSpendNotIntoHolds(psbt);
        var signed = psbt.Clone();
        foreach (var input in signed.Inputs)
        {
            var keys = new List<Key>();
            lock (_gate)
            {
                if (input.GetTxOut() is { } txOut && _scripts.TryGetValue(txOut.ScriptPubKey.ToHex(), out var path))
                {
                    keys.Add(account.Derive((uint)path.Chain).Derive((uint)path.Index).PrivateKey);
                }
            }

            foreach (var origin in input.HDKeyPaths.Values.Where(o => o.MasterFingerprint == fingerprint))
            {
                var indexes = origin.KeyPath.Indexes;
                if (StartsWith(indexes, accountPath) && indexes.Count == accountPath.Length + 2 && indexes.Skip(accountPath.Length).All(i => !KeyPath.IsHardened(i)))
                {
                    keys.Add(account.Derive(indexes[accountPath.Length]).Derive(indexes[accountPath.Length + 1]).PrivateKey);
                }
                else if (StartsWith(indexes, escrowPath) && indexes.Count == escrowPath.Length + 1 && !KeyPath.IsHardened(indexes[^1]))
                {
                    keys.Add(escrow.Derive(indexes[^1]).PrivateKey);
                }
            }

            foreach (var key in keys.Distinct())
            {
                input.Sign(key);
            }
        }

        return signed;
    }

    /// <summary>
    /// A PSBT that spends wallet coins no reservation holds (an external spend brought to <c>psbt sign</c>) must not take
    /// more out of the wallet than is unpromised: outputs back to our own addresses count first as change of the
    /// reserved inputs (a trade's deposit), the rest as change of the free ones.
    /// </summary>
    private void RequireSpendNotIntoHolds(PSBT psbt)
    {
        lock (_gate)
        {
            var reserved = ReservedOutpoints();
            var tx = psbt.GetGlobalTransaction();
            long freeIn = 0, reservedIn = 0;
            foreach (var input in tx.Inputs)
            {
                if (_coins.GetValueOrDefault(input.PrevOut.ToString()) is { SpentBy: null } coin)
                {
                    if (reserved.Contains(coin.Id))
                    {
                        reservedIn += coin.Value;
                    }
                    else
                    {
                        freeIn += coin.Value;
                    }
                }
            }

            if (freeIn == 0)
            {
                return;
            }

            var ownOut = tx.Outputs.Where(o => _scripts.ContainsKey(o.ScriptPubKey.ToHex())).Sum(o => o.Value.Satoshi);
            RequireSendable(Math.Max(0, freeIn - Math.Max(0, ownOut - reservedIn)));
        }
    }

    private static bool StartsWith(IReadOnlyList<uint> indexes, KeyPath prefix) =>
        indexes.Count >= prefix.Length && prefix.Indexes.Select((v, i) => indexes[i] == v).All(b => b);
}
