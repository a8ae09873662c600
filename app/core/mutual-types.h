/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mutual-date.h"

G_BEGIN_DECLS

typedef enum
{
  MUTUAL_ROLE_CLIENT,
  MUTUAL_ROLE_PROSPECT,
  MUTUAL_ROLE_PARTNER,
  MUTUAL_ROLE_SUPPLIER,
  MUTUAL_ROLE_ADVISOR,
  MUTUAL_ROLE_COLLEAGUE,
  MUTUAL_ROLE_FRIEND,
  MUTUAL_ROLE_OTHER,
  MUTUAL_N_ROLES
} MutualRole;

typedef enum
{
  MUTUAL_DIRECTION_GIVEN = 0,     /* from me to them */
  MUTUAL_DIRECTION_RECEIVED = 1,  /* from them to me */
} MutualDirection;

/* Stored as these integers in the ledger: never renumber. */
typedef enum
{
  MUTUAL_KIND_PAYMENT = 0,
  MUTUAL_KIND_WORK = 1,
  MUTUAL_KIND_DISCOUNT = 2,
  MUTUAL_KIND_ADVICE = 3,
  MUTUAL_KIND_REFERRAL = 4,
  MUTUAL_KIND_INTRODUCTION = 5,
  MUTUAL_KIND_TESTIMONIAL = 6,
  MUTUAL_KIND_FEEDBACK = 7,
  MUTUAL_KIND_SUPPORT = 8,
  MUTUAL_KIND_GIFT = 9,
  MUTUAL_KIND_OTHER = 10,
  MUTUAL_N_KINDS
} MutualKind;

typedef enum
{
  MUTUAL_CLASS_NONE = 0,          /* only for an override: not set */
  MUTUAL_CLASS_TRANSACTIONAL = 1,
  MUTUAL_CLASS_PARTNERSHIP = 2,
} MutualClass;

typedef enum
{
  MUTUAL_FLAG_ONE_SIDED = 1 << 0,
  MUTUAL_FLAG_DORMANT = 1 << 1,
  MUTUAL_FLAG_NEW = 1 << 2,       /* first exchange less than 90 days ago */
} MutualFlags;

typedef enum
{
  MUTUAL_INTERVAL_DAY,
  MUTUAL_INTERVAL_WEEK,
  MUTUAL_INTERVAL_MONTH,
  MUTUAL_INTERVAL_QUARTER,
  MUTUAL_INTERVAL_YEAR,
} MutualInterval;

#define MUTUAL_NAME_MAX_CHARS 200
#define MUTUAL_NOTE_MAX_CHARS 10000
/* The time of one exchange, as the command line takes it. */
#define MUTUAL_MINUTES_MAX G_MAXINT32

/* Whether @text (UTF-8) holds a control character: any, or with
 * @breaks_allowed any but TAB, LF and CR (notes keep those). */
gboolean mutual_text_has_control (const char *text,
                                  gboolean    breaks_allowed);

/* Name ↔ value; the names are the words of DESIGN.md ("client", "given",
 * "payment", "partnership", "month"). Lookups return FALSE for unknown
 * names; to_string returns static strings. */
const char *mutual_role_to_string       (MutualRole      role);
gboolean    mutual_role_from_string     (const char     *text,
                                         MutualRole     *out);
const char *mutual_role_to_label        (MutualRole      role);
const char *mutual_direction_to_string  (MutualDirection direction);
gboolean    mutual_direction_from_string (const char    *text,
                                         MutualDirection *out);
const char *mutual_kind_to_string       (MutualKind      kind);
gboolean    mutual_kind_from_string     (const char     *text,
                                         MutualKind     *out);
const char *mutual_kind_to_label        (MutualKind      kind);
gboolean    mutual_kind_is_relational   (MutualKind      kind);
gboolean    mutual_kind_is_commercial   (MutualKind      kind);
const char *mutual_class_to_string      (MutualClass     klass);
gboolean    mutual_class_from_string    (const char     *text,
                                         MutualClass    *out);
const char *mutual_class_to_label       (MutualClass     klass);
const char *mutual_interval_to_string   (MutualInterval  interval);
gboolean    mutual_interval_from_string (const char     *text,
                                         MutualInterval *out);

/* A relationship as stored. Strings are owned; organization, notes and
 * override_reason may be NULL. */
typedef struct
{
  gint64       id;            /* SQLite rowid; 0 before it is stored */
  char        *uuid;          /* NULL before it is stored: one is made */
  char        *name;
  char        *organization;
  MutualRole   role;
  char        *notes;
  gint64       created;       /* Unix time, UTC */
  gboolean     archived;
  MutualClass  override;
  char        *override_reason;
} MutualRelationship;

typedef struct
{
  gint64          id;
  char           *uuid;
  gint64          relationship_id;
  MutualDate      date;
  MutualDirection direction;
  MutualKind      kind;
  gint64          value;       /* minor units, 0 … MUTUAL_VALUE_MAX */
  gint64          minutes;     /* -1 when not given */
  char           *note;        /* may be NULL */
} MutualExchange;

MutualRelationship *mutual_relationship_new   (void);
MutualRelationship *mutual_relationship_copy  (const MutualRelationship *rel);
void                mutual_relationship_free  (MutualRelationship *rel);
/* NULL when valid, else a sentence saying what is wrong. */
char               *mutual_relationship_check (const MutualRelationship *rel);

MutualExchange     *mutual_exchange_new       (void);
MutualExchange     *mutual_exchange_copy      (const MutualExchange *exchange);
void                mutual_exchange_free      (MutualExchange *exchange);
char               *mutual_exchange_check     (const MutualExchange *exchange);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualRelationship, mutual_relationship_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualExchange, mutual_exchange_free)

G_END_DECLS
