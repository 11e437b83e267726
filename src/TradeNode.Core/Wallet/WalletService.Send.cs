using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Chain.Regtest;
using TradeNode.Core.Errors;
using TradeNode.Core.Wallet.CoinSelection;
using TradeNode.Core.Wallet.Storage;

namespace TradeNode.Core.Wallet;

public sealed partial class WalletService
{
    /// <summary>Virtual size of a signed P2WPKH input (272 weight units, 72-byte signature assumed).</summary>
    internal const int P2wpkhInputVBytes = 68;

    /// <summary>Virtual size of a P2WPKH output (the change).</summary>
    internal const int P2wpkhOutputVBytes = 31;

    /// <summary>Version, locktime, input and output counts, and the segwit marker and flag (10.5 vbytes, rounded up).</summary>
    internal const int TransactionOverheadVBytes = 11;

    private const uint RbfSequence = 0xfffffffd;

    /// <summary>
    /// Pays <paramref name="amountSats"/> to <paramref name="destination"/>: picks coins (never reserved ones) with
    /// the least waste, adds change unless it would be dust, signs, broadcasts through the chain client and records
    /// the transaction at once. Without <paramref name="feeRate"/> the chain's estimate for
    /// <paramref name="confirmationTarget"/> blocks is used. With <paramref name="subtractFeeFromAmount"/> the
    /// recipient receives the amount minus the fee.
    /// </summary>
    public async Task<SendResult> SendAsync(
        BitcoinAddress destination,
        long amountSats,
        FeeRate? feeRate = null,
        int? confirmationTarget = null,
        bool subtractFeeFromAmount = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireMeta();
        if (!IsOnOurNetwork(destination))
        {
            throw new InvalidInputException("address", $"The address is for {destination.Network.Name}, but this wallet is on {_network.Name}.");
        }

        if (amountSats <= 0)
        {
            throw new InvalidInputException("amount_sats", "The amount must be more than zero satoshis.");
        }

        if (amountSats > Money.MaxSatoshis)
        {
            throw new InvalidInputException("amount_sats", "The amount is more than 21 million bitcoin.");
        }

        var dust = DustThreshold(destination.ScriptPubKey);
        if (amountSats < dust)
        {
            throw new InvalidInputException("amount_sats", $"The amount is dust: below {dust} satoshis an output to this address costs more to spend than it is worth.");
        }

        if (feeRate is { } given && given < FeeRate.MinRelay)
        {
            throw new InvalidInputException("fee_rate", $"The fee rate is below the minimum relay fee rate of {FeeRate.MinRelay}.");
        }

        if (confirmationTarget is < 1 or > 1008)
        {
            throw new InvalidInputException("confirmation_target", "The confirmation target is between 1 and 1008 blocks.");
        }

        var (accountKey, _) = RequireUnlocked();
        SendResult result;
        await _operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rate = feeRate ?? await _chain.EstimateFeeRateAsync(confirmationTarget ?? _options.DefaultConfirmationTarget, cancellationToken).ConfigureAwait(false);
            if (rate < FeeRate.MinRelay)
            {
                rate = FeeRate.MinRelay;
            }

            var tip = await _chain.GetTipAsync(cancellationToken).ConfigureAwait(false);
            var (tx, coins, fee, change, changeIndex, paid) = Build(destination, amountSats, rate, subtractFeeFromAmount, tip.Height);
            var signed = Sign(tx, coins, accountKey);
            var broadcast = await _chain.BroadcastAsync(signed, cancellationToken).ConfigureAwait(false);
            if (!broadcast.Accepted)
            {
                throw new PreconditionFailedException($"The network refused the transaction: {broadcast.RejectReason}.");
            }

            Write(() =>
            {
                if (changeIndex is { } index)
                {
                    _meta!.ChangeNext = Math.Max(_meta.ChangeNext, index + 1);
                    _store.SaveMeta(_meta);
                    ExtendWatch();
                }

                ApplyTransaction(signed, null, null, null, destination.ToString());
            });

            result = new SendResult(signed.GetHash(), signed, paid, fee, change, rate, signed.GetVirtualSize());
        }
        finally
        {
            _operation.Release();
        }

        _logger.LogInformation("Wallet sent {Amount} sats in {Txid}, fee {Fee} sats", result.AmountSats, result.Txid, result.FeeSats);
        OnChanged();
        return result;
    }

    private (Transaction Tx, List<CoinRecord> Coins, long Fee, long? Change, int? ChangeIndex, long Paid) Build(
        BitcoinAddress destination, long amount, FeeRate rate, bool subtractFee, int tipHeight)
    {
        lock (_gate)
        {
            var reserved = ReservedOutpoints();
            var spendable = _coins.Values.Where(c => c.SpentBy is null && IsSpendable(c)).ToList();
            var free = spendable.Where(c => !reserved.Contains(c.Id)).ToList();
            var changeIndex = _meta!.ChangeNext;
            var changeScript = ScriptOf(ChangeChain, changeIndex);

            var recipientVBytes = OutputVBytes(destination.ScriptPubKey);
            var inputFee = rate.GetFee(P2wpkhInputVBytes).Satoshi;
            var longTermInputFee = _options.LongTermFeeRate.GetFee(P2wpkhInputVBytes).Satoshi;
            var candidates = free.Select(c => new SelectionCandidate(
                c.Id, c.Value, subtractFee ? c.Value : c.Value - inputFee, inputFee, longTermInputFee)).ToList();
            var target = subtractFee ? amount : amount + rate.GetFee(TransactionOverheadVBytes + recipientVBytes).Satoshi;
            var changeFee = rate.GetFee(P2wpkhOutputVBytes).Satoshi;
            var costOfChange = changeFee + _options.LongTermFeeRate.GetFee(P2wpkhInputVBytes).Satoshi;
            var minChange = DustThreshold(changeScript);

            var selection = CoinSelector.Select(candidates, target, changeFee, costOfChange, minChange)
                ?? throw InsufficientFunds(amount, rate, recipientVBytes, free, spendable);

            var coins = selection.Inputs.Select(i => _coins[i.Id]).ToList();
            var inputSum = coins.Sum(c => c.Value);
            // nLockTime at the tip (Bitcoin Core's anti fee sniping): final for the next block, useless to a miner rewriting this one.
            var tx = new Transaction { Version = 2, LockTime = (uint)Math.Max(0, tipHeight) };
            foreach (var coin in coins.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)))
            {
                tx.Inputs.Add(new TxIn(coin.Outpoint, sequence: RbfSequence));
            }

            var recipient = new TxOut(Money.Satoshis(amount), destination.ScriptPubKey);
            tx.Outputs.Add(recipient);
            TxOut? changeOutput = null;
            if (selection.HasChange)
            {
                changeOutput = new TxOut(Money.Zero, changeScript);
                tx.Outputs.Insert(RandomNumberGenerator.GetInt32(2), changeOutput);
            }

            var fee = rate.GetFee(VirtualSize(tx)).Satoshi;
            if (changeOutput is not null)
            {
                var change = inputSum - amount - (subtractFee ? 0 : fee);
                if (change < minChange)
                {
                    // Change this small would be dust: it goes to the fee instead (no dust output, ever).
                    tx.Outputs.Remove(changeOutput);
                    changeOutput = null;
                    fee = rate.GetFee(VirtualSize(tx)).Satoshi;
                }
                else
                {
                    changeOutput.Value = Money.Satoshis(change);
                }
            }

            long paid;
            if (subtractFee)
            {
                // The recipient pays the fee; without change, the inputs' excess over the amount goes to the fee.
                paid = amount - fee;
                if (paid < DustThreshold(destination.ScriptPubKey))
                {
                    throw new InvalidInputException("amount_sats", $"After the fee of {fee} satoshis the amount would be dust.");
                }

                recipient.Value = Money.Satoshis(paid);
            }
            else
            {
                paid = amount;
            }

            if (changeOutput is null)
            {
                fee = inputSum - paid;
            }

            RequireSendable(inputSum - (changeOutput?.Value.Satoshi ?? 0));

            return (tx, coins, fee, changeOutput?.Value.Satoshi, changeOutput is null ? null : changeIndex, paid);
        }
    }

    private Transaction Sign(Transaction tx, IReadOnlyList<CoinRecord> coins, ExtKey accountKey)
    {
        var psbt = PSBT.FromTransaction(tx, _network)
            .AddCoins([.. coins.Select(c => new Coin(c.Outpoint, new TxOut(Money.Satoshis(c.Value), c.ScriptPubKey)))]);
        var keys = coins.Select(c => accountKey.Derive((uint)c.Chain).Derive((uint)c.Index).PrivateKey).Distinct().ToArray();
        psbt.SignWithKeys(keys);
        return psbt.Finalize().ExtractTransaction();
    }

    private PreconditionFailedException InsufficientFunds(long amount, FeeRate rate, int recipientVBytes, List<CoinRecord> free, List<CoinRecord> spendable)
    {
        var available = free.Sum(c => c.Value);
        var reserved = spendable.Sum(c => c.Value) - available;
        var needed = amount + rate.GetFee(TransactionOverheadVBytes + recipientVBytes + (Math.Max(1, free.Count) * P2wpkhInputVBytes)).Satoshi;
        var message = $"Not enough funds: {available} satoshis are available to send, {needed} are needed with the fee.";
        if (reserved > 0)
        {
            message += $" {reserved} more satoshis are in coins reserved for trades and are not spent by a send.";
        }

        return new PreconditionFailedException(message);
    }

    /// <summary>
    /// Refuses a spend that takes <paramref name="outflowSats"/> (amount and fee) out of the wallet when that would dip
    /// into what open offers hold or trades are promised. Caller holds the gate.
    /// </summary>
    private void RequireSendable(long outflowSats)
    {
        var (_, committed, held, unpromised) = Promises();
        if (outflowSats > unpromised)
        {
            throw new PreconditionFailedException(
                $"The spend would use funds promised to open offers or trades: it takes {outflowSats} satoshis with the fee, but only "
                + $"{Math.Max(0, unpromised)} are not promised ({held} are held by open offers, {committed} reserved for trades). "
                + "Cancel an offer to free what it holds.");
        }
    }

    private bool IsOnOurNetwork(BitcoinAddress address) =>
        address.Network == _network || BitcoinAddress.TryCreate(address.ToString(), _network, out _);

    private static long DustThreshold(Script scriptPubKey) =>
        StandardnessRules.GetDustThreshold(new TxOut(Money.Zero, scriptPubKey), ChainParameters.RegTest).Satoshi;

    private static int OutputVBytes(Script scriptPubKey) => 8 + 1 + scriptPubKey.Length;

    private static int VirtualSize(Transaction tx) =>
        TransactionSizeEstimator.EstimateVirtualSize(tx, [.. tx.Inputs.Select(_ => new EstimatedInput(InputSpendKind.P2WPKH))]);
}
