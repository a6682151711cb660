using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;
using NodaTime;

namespace Dispatch.Domain.Elderly;

/// <summary>A shelter (避难场所) as the county's data file describes it.</summary>
public sealed record ShelterSite(Guid Id, string Code, string Name, string Address, GeoPoint Location, int Capacity, bool Modeled);

/// <summary>The shelter was taken into the system from the data file, closed until someone opens it.</summary>
public sealed record ShelterCommissioned(Guid ShelterId, ShelterSite Site, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record ShelterOpened(Guid ShelterId, string? Reason, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>No one is admitted any more; those inside stay until relocated.</summary>
public sealed record ShelterClosed(Guid ShelterId, string? Reason, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>A person came in; <see cref="OccupantsAfter"/> of <see cref="Capacity"/> places are taken with them.</summary>
public sealed record ShelterOccupantAdmitted(Guid ShelterId, Guid PersonId, int OccupantsAfter, int Capacity, string Actor, Instant OccurredAt)
    : IDispatchEvent;

/// <summary>A person left, home (<see cref="ToShelterId"/> null) or to another shelter.</summary>
public sealed record ShelterOccupantLeft(Guid ShelterId, Guid PersonId, Guid? ToShelterId, int OccupantsAfter, string Actor, Instant OccurredAt)
    : IDispatchEvent;

public sealed record ShelterOccupant(Guid PersonId, Instant Since);

public sealed record ShelterState(Guid Id, ShelterSite Site, bool Open, IReadOnlyList<ShelterOccupant> Occupants)
{
    public long Version { get; init; }
    public int Free => Site.Capacity - Occupants.Count;

    public static ShelterState? Evolve(ShelterState? state, object @event) => @event switch
    {
        ShelterCommissioned e => new ShelterState(e.ShelterId, e.Site, false, []),
        ShelterOpened when state is not null => state with { Open = true },
        ShelterClosed when state is not null => state with { Open = false },
        ShelterOccupantAdmitted e when state is not null => state with { Occupants = [.. state.Occupants, new ShelterOccupant(e.PersonId, e.OccurredAt)] },
        ShelterOccupantLeft e when state is not null => state with { Occupants = [.. state.Occupants.Where(o => o.PersonId != e.PersonId)] },
        _ => state,
    };
}

/// <summary>One shelter as the nearest-shelter search saw it: its road time from the person and why it was taken or skipped.</summary>
public sealed record ShelterCandidate(Guid ShelterId, string Name, double? Seconds, double StraightMetres, bool Open, int Occupants, int Capacity,
    string Outcome);

/// <summary>
/// The nearest open shelter with room by road travel time, with every shelter considered (outcome <c>chosen</c>, <c>closed</c>,
/// <c>full</c>, <c>unreachable</c> or <c>farther</c>) and the inputs: origin, road-graph version, speed factor.
/// </summary>
public sealed record ShelterChoice(GeoPoint Origin, string RoadGraphVersion, bool Peak, double SpeedFactor, Guid? ChosenShelterId,
    IReadOnlyList<ShelterCandidate> Candidates, Instant At);

public static class ShelterSearch
{
    public const string Chosen = "chosen", Closed = "closed", Full = "full", Unreachable = "unreachable", Farther = "farther";

    /// <summary>One forward search from the origin over the road graph reaches every shelter; ties by name, then id.</summary>
    public static ShelterChoice Nearest(RoadGraph roads, GeoPoint origin, IReadOnlyList<ShelterState> shelters, TravelConditions conditions,
        bool peak, Instant at, ISet<Guid>? exclude = null)
    {
        var reach = ForwardReach.From(roads, [origin], conditions);
        var timed = shelters
            .Select(s => (Shelter: s, Seconds: reach.ArrivalAt(s.Site.Location)?.Seconds))
            .OrderBy(x => x.Seconds ?? double.PositiveInfinity).ThenBy(x => x.Shelter.Site.Name, StringComparer.Ordinal)
            .ThenBy(x => x.Shelter.Id).ToList();
        Guid? chosen = null;
        var candidates = new List<ShelterCandidate>();
        foreach (var (shelter, seconds) in timed)
        {
            var outcome = !shelter.Open ? Closed
                : shelter.Free <= 0 || exclude?.Contains(shelter.Id) == true ? Full
                : seconds is null ? Unreachable
                : chosen is null ? Chosen
                : Farther;
            if (outcome == Chosen) chosen = shelter.Id;
            candidates.Add(new ShelterCandidate(shelter.Id, shelter.Site.Name, seconds is { } s ? Math.Round(s, 1) : null,
                Math.Round(origin.MetresTo(shelter.Site.Location), 1), shelter.Open, shelter.Occupants.Count, shelter.Site.Capacity, outcome));
        }
        return new ShelterChoice(origin, roads.Version, peak, conditions.SpeedFactor, chosen, candidates, at);
    }
}

public static class ShelterDecider
{
    public static Decision Open(ShelterState? shelter, string? reason, string actor, Instant now) => shelter switch
    {
        null => Decision.Reject(RejectionKind.NotFound, "not-found", "No such shelter."),
        { Open: true } => Decision.NoOp,
        _ => Decision.Accept(new ShelterOpened(shelter.Id, reason, actor, now)),
    };

    public static Decision Close(ShelterState? shelter, string? reason, string actor, Instant now) => shelter switch
    {
        null => Decision.Reject(RejectionKind.NotFound, "not-found", "No such shelter."),
        { Open: false } => Decision.NoOp,
        _ => Decision.Accept(new ShelterClosed(shelter.Id, reason, actor, now)),
    };

    public static Decision Admit(ShelterState shelter, Guid personId, string actor, Instant now)
    {
        if (!shelter.Open)
            return Decision.Reject(RejectionKind.Conflict, "shelter-closed", $"Shelter {shelter.Site.Name} is closed.");
        if (shelter.Free <= 0)
            return Decision.Reject(RejectionKind.Conflict, "shelter-full",
                $"Shelter {shelter.Site.Name} is full ({shelter.Occupants.Count} of {shelter.Site.Capacity}).");
        return Decision.Accept(new ShelterOccupantAdmitted(shelter.Id, personId, shelter.Occupants.Count + 1, shelter.Site.Capacity, actor, now));
    }
}
