using Dispatch.Domain.Relief;
using NodaTime;

namespace Dispatch.Api.Relief;

/// <summary>One recipient's issue: a registered person's id or a household code, never a name.</summary>
public sealed record ReliefIssueView(Guid Id, Guid RoundId, string RecipientKind, Guid? PersonId, string? HouseholdCode, Guid DepotId,
    string Item, int Quantity, string? Note, Instant IssuedAt, string IssuedBy)
{
    public static ReliefIssueView From(ReliefIssueState i) => new(i.Id, i.RoundId, i.PersonId is null ? "household" : "person", i.PersonId,
        i.HouseholdCode, i.DepotId, i.Item, i.Quantity, i.Note, i.IssuedAt, i.IssuedBy);
}

/// <summary>A distribution round with every issue so far, oldest first, and the depot's available stock of the item now.</summary>
public sealed record ReliefRoundView(Guid Id, string Name, string Item, string ItemName, string Unit, int QuantityPerRecipient, Guid DepotId,
    string DepotName, int DepotAvailable, string? Note, Instant OpenedAt, string OpenedBy, int Recipients, int QuantityIssued,
    IReadOnlyList<ReliefIssueView> Issues);
