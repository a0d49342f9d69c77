//! option-data and option-def entries as they appear in a config (validated against the
//! option tables by `check`, encoded by `crate::options`).

use super::fields::{Emit, Emitter, Fields, SStr, Spanned};
use crate::source::Span;
use crate::syntax::cst::Member;
use serde_json::Value as J;

#[derive(Clone, Debug, Default)]
pub struct OptionData {
    pub span: Span,
    pub name: Option<SStr>,
    pub code: Option<Spanned<i64>>,
    pub space: Option<SStr>,
    pub data: Option<SStr>,
    pub csv_format: Option<Spanned<bool>>,
    pub always_send: Option<Spanned<bool>>,
    pub never_send: Option<Spanned<bool>>,
    pub rest: Vec<Member>,
}

impl OptionData {
    pub fn lower(span: Span, members: Vec<Member>) -> OptionData {
        let mut f = Fields::new(members);
        OptionData {
            span,
            name: f.string("name"),
            code: f.int("code"),
            space: f.string("space"),
            data: f.string("data"),
            csv_format: f.bool("csv-format"),
            always_send: f.bool("always-send"),
            never_send: f.bool("never-send"),
            rest: f.rest(),
        }
    }
}

impl Emit for OptionData {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("name", &self.name);
        e.int("code", &self.code);
        e.string("space", &self.space);
        e.bool("csv-format", &self.csv_format);
        e.string("data", &self.data);
        e.bool("always-send", &self.always_send);
        e.bool("never-send", &self.never_send);
        e.rest(&self.rest);
        e.finish()
    }
}

#[derive(Clone, Debug, Default)]
pub struct OptionDefCfg {
    pub span: Span,
    pub name: Option<SStr>,
    pub code: Option<Spanned<i64>>,
    pub ty: Option<SStr>,
    pub array: Option<Spanned<bool>>,
    pub record_types: Option<SStr>,
    pub space: Option<SStr>,
    pub encapsulate: Option<SStr>,
    pub rest: Vec<Member>,
}

impl OptionDefCfg {
    pub fn lower(span: Span, members: Vec<Member>) -> OptionDefCfg {
        let mut f = Fields::new(members);
        OptionDefCfg {
            span,
            name: f.string("name"),
            code: f.int("code"),
            ty: f.string("type"),
            array: f.bool("array"),
            record_types: f.string("record-types"),
            space: f.string("space"),
            encapsulate: f.string("encapsulate"),
            rest: f.rest(),
        }
    }
}

impl Emit for OptionDefCfg {
    fn emit(&self) -> J {
        let mut e = Emitter::new();
        e.string("name", &self.name);
        e.int("code", &self.code);
        e.string("type", &self.ty);
        e.bool("array", &self.array);
        e.string("record-types", &self.record_types);
        e.string("space", &self.space);
        e.string("encapsulate", &self.encapsulate);
        e.rest(&self.rest);
        e.finish()
    }
}
