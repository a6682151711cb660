using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Dispatch.Domain.Relief;

/// <summary>A distribution round of relief supplies (救助物资): one item, so many per recipient, from one depot.</summary>
public sealed record ReliefRoundOpened(Guid RoundId, string Name, string Item, int QuantityPerRecipient, Guid DepotId, string? Note,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// A recipient received the round's supplies: a registered person (<see cref="PersonId"/>) or a household
/// (<see cref="HouseholdCode"/>). The stream id is derived from round and recipient, so there can be only one.
/// </summary>
public sealed record ReliefIssued(Guid IssueId, Guid RoundId, Guid? PersonId, string? HouseholdCode, Guid DepotId, string Item, int Quantity,
    string? Note, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record ReliefRoundState(Guid Id, string Name, string Item, int QuantityPerRecipient, Guid DepotId, string? Note,
    Instant OpenedAt, string OpenedBy)
{
    public long Version { get; init; }

    public static ReliefRoundState? Evolve(ReliefRoundState? state, object @event) => @event switch
    {
        ReliefRoundOpened e => new ReliefRoundState(e.RoundId, e.Name, e.Item, e.QuantityPerRecipient, e.DepotId, e.Note, e.OccurredAt, e.Actor),
        _ => state,
    };
}

public sealed record ReliefIssueState(Guid Id, Guid RoundId, Guid? PersonId, string? HouseholdCode, Guid DepotId, string Item, int Quantity,
    string? Note, Instant IssuedAt, string IssuedBy)
{
    public long Version { get; init; }

    public static ReliefIssueState? Evolve(ReliefIssueState? state, object @event) => @event switch
    {
        ReliefIssued e => new ReliefIssueState(e.IssueId, e.RoundId, e.PersonId, e.HouseholdCode, e.DepotId, e.Item, e.Quantity, e.Note,
            e.OccurredAt, e.Actor),
        _ => state,
    };

    /// <summary>
    /// The one stream a (round, recipient) pair may have: SHA-256 of <c>wuyang:relief-issue:&lt;round&gt;:&lt;recipient&gt;</c> as an
    /// RFC 9562 v8 id. A second issue starts the same stream and fails, however the requests race.
    /// </summary>
    public static Guid StreamIdFor(Guid roundId, string recipientKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"wuyang:relief-issue:{roundId:D}:{recipientKey}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary><c>person:&lt;guid&gt;</c> or <c>household:&lt;code&gt;</c>, the code as normalized by <see cref="NormalizeHouseholdCode"/>.</summary>
    public static string RecipientKey(Guid? personId, string? householdCode) =>
        personId is { } person ? $"person:{person:D}" : $"household:{householdCode}";

    /// <summary>Household codes compare without surrounding spaces and with ASCII letters upper-cased, so "wq-0012 " is "WQ-0012".</summary>
    public static string NormalizeHouseholdCode(string code) =>
        new(code.Trim().Select(c => c is >= 'a' and <= 'z' ? (char)(c - 32) : c).ToArray());
}
