using System.Globalization;
using System.Text;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Incidents;
using NodaTime;

namespace Dispatch.Domain.Elderly;

/// <summary>Someone to call about a cared-for person (家属, 网格员 ...): personal data.</summary>
public sealed record CareContact(string Name, string Relation, string Phone)
{
    public CareContact Masked() => new(new CallerContact(Name, Phone).Masked().Name!, Relation, new CallerContact(Name, Phone).Masked().Phone!);
}

/// <summary>
/// What a person registered for care (重点关爱老人) is on record with: personal data (name, phone, address, contacts,
/// notes) and what responders need to know (location in WGS-84, household code, needs, the one-key device).
/// </summary>
public sealed record PersonRecord(string Name, string Phone, string Address, GeoPoint Location, GivenPosition GivenLocation,
    string HouseholdCode, IReadOnlyList<string> Needs, string? Notes, IReadOnlyList<CareContact> Contacts, string? DeviceId)
{
    /// <summary>The needs responders plan for; anything else goes in as <c>other</c> with a note.</summary>
    public static readonly IReadOnlyList<string> KnownNeeds = ["mobility", "medication", "hearing", "vision", "dementia", "oxygen", "other"];

    public PersonRecord Masked()
    {
        var person = new CallerContact(Name, Phone).Masked();
        return this with
        {
            Name = person.Name!, Phone = person.Phone!, Address = MaskText(Address), Notes = Notes is null ? null : MaskText(Notes),
            Contacts = [.. Contacts.Select(c => c.Masked())],
        };
    }

    /// <summary>The first two characters kept (the township, say), the rest starred.</summary>
    private static string MaskText(string text)
    {
        var elements = StringInfo.GetTextElementEnumerator(text);
        var kept = new StringBuilder();
        var count = 0;
        while (elements.MoveNext()) kept.Append(count++ < 2 ? (string)elements.Current : "*");
        return kept.ToString();
    }

    public bool SameAs(PersonRecord other) =>
        Name == other.Name && Phone == other.Phone && Address == other.Address && GivenLocation == other.GivenLocation &&
        HouseholdCode == other.HouseholdCode && Needs.SequenceEqual(other.Needs) && Notes == other.Notes &&
        Contacts.SequenceEqual(other.Contacts) && DeviceId == other.DeviceId;
}

/// <summary>A person was registered for care. The stream is the person's.</summary>
public sealed record VulnerablePersonRegistered(Guid PersonId, PersonRecord Record, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>The person's record was replaced as a whole (moved house, new phone, new device ...).</summary>
public sealed record VulnerablePersonUpdated(Guid PersonId, PersonRecord Record, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>The person left the registry (moved away, died, no longer needs care): no more alerts, calls or relocations.</summary>
public sealed record VulnerablePersonDeregistered(Guid PersonId, string Reason, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// The person moved: from home or a shelter (null: home) to a shelter or home. <see cref="Choice"/> holds the nearest-shelter
/// search when the shelter was chosen by the system, so the choice can be explained from the event.
/// </summary>
public sealed record PersonRelocated(Guid PersonId, Guid? FromShelterId, Guid? ToShelterId, string? Reason, ShelterChoice? Choice,
    string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record VulnerablePersonState(Guid Id, PersonRecord Record, Instant RegisteredAt, string RegisteredBy,
    Instant? DeregisteredAt = null, string? DeregistrationReason = null, Guid? ShelterId = null, Instant? WhereaboutsSince = null)
{
    public long Version { get; init; }

    public bool Registered => DeregisteredAt is null;

    /// <summary>Kept beside the record so the one-key gateway finds the person by device with one indexed query.</summary>
    public string? ActiveDeviceId { get; init; }

    public static VulnerablePersonState? Evolve(VulnerablePersonState? state, object @event) => @event switch
    {
        VulnerablePersonRegistered e => new VulnerablePersonState(e.PersonId, e.Record, e.OccurredAt, e.Actor, WhereaboutsSince: e.OccurredAt)
            { ActiveDeviceId = e.Record.DeviceId },
        VulnerablePersonUpdated e when state is not null => state with { Record = e.Record, ActiveDeviceId = e.Record.DeviceId },
        VulnerablePersonDeregistered e when state is not null => state with
            { DeregisteredAt = e.OccurredAt, DeregistrationReason = e.Reason, ActiveDeviceId = null },
        PersonRelocated e when state is not null => state with { ShelterId = e.ToShelterId, WhereaboutsSince = e.OccurredAt },
        _ => state,
    };
}

public static class VulnerablePersonDecider
{
    public static Decision Register(VulnerablePersonState? existing, Guid id, PersonRecord record, string actor, Instant now)
    {
        if (existing is not null)
            return existing.Record.SameAs(record) && existing.Registered
                ? Decision.NoOp
                : Decision.Reject(RejectionKind.Conflict, "person-exists",
                    $"Person {id} is already registered with another record; update it with PUT /vulnerable-people/{id}.");
        return Decision.Accept(new VulnerablePersonRegistered(id, record, actor, now));
    }

    public static Decision Update(VulnerablePersonState? state, PersonRecord record, string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "not-found", "No such person.");
        if (!state.Registered)
            return Decision.Reject(RejectionKind.Conflict, "person-deregistered", $"Person {state.Id} was deregistered; register them anew.");
        if (state.Record.SameAs(record)) return Decision.NoOp;
        return Decision.Accept(new VulnerablePersonUpdated(state.Id, record, actor, now));
    }

    public static Decision Deregister(VulnerablePersonState? state, string reason, string actor, Instant now)
    {
        if (state is null) return Decision.Reject(RejectionKind.NotFound, "not-found", "No such person.");
        if (!state.Registered) return Decision.NoOp;
        if (state.ShelterId is { } shelter)
            return Decision.Reject(RejectionKind.Conflict, "person-in-shelter",
                $"Person {state.Id} is in shelter {shelter}; relocate them home (or elsewhere) first.");
        return Decision.Accept(new VulnerablePersonDeregistered(state.Id, reason, actor, now));
    }
}
