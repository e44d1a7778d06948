/* The route played back on the map: the ride drawn day by day at a steady pace along the
   line, a marker moving at its head, the day's date and distance shown as it goes, and each
   marker (photos, entries, waypoints) appearing when the ride passes it. Play, pause,
   resume, a speed and a day to jump to, all from the keyboard too; the words are the page's
   (map.html). With prefers-reduced-motion nothing moves: the whole route stays drawn and the
   button steps from one day to the next.

   Reads what the map registered in window.journalMap: its lines (one a leg, in the order
   ridden), their casings, the markers, and `playback` = [each line's day, each marker's
   [line, vertex]] (render/playback.py). Leaflet only; nothing leaves the page. */
(function () {
  "use strict";

  var WHOLE_RIDE_S = 40; /* how long the whole route takes at 1x */
  var EARTH_KM = 6371.0088;

  function km(a, b) {
    var rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lng - a.lng) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function Player(journal, box) {
    var self = this;
    this.map = journal.map;
    this.cluster = journal.cluster;
    this.box = box;
    this.button = box.querySelector(".playback-play");
    this.speedSelect = box.querySelector(".playback-speed");
    this.daySelect = box.querySelector(".playback-day");
    this.status = box.querySelector(".playback-status");
    this.dayLabels = Array.prototype.map.call(this.daySelect.options, function (o) {
      return o.textContent.trim();
    });
    this.numbers = new Intl.NumberFormat(document.documentElement.lang || undefined,
      {maximumFractionDigits: 0});
    this.reduced = window.matchMedia &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var casings = journal.casings || [];
    this.legs = journal.routes.map(function (line, i) {
      var points = line.getLatLngs(), cum = [0];
      for (var j = 1; j < points.length; j++) cum.push(cum[j - 1] + km(points[j - 1], points[j]));
      return {line: line, casing: casings[i], points: points, cum: cum,
        length: cum[cum.length - 1], day: journal.playback[0][i]};
    });
    this.total = this.legs.reduce(function (sum, leg) { return sum + leg.length; }, 0) || 1;
    this.markers = journal.markers.map(function (marker, i) {
      var step = journal.playback[1][i] || [0, 0], leg = self.legs[step[0]];
      return {layer: marker, leg: step[0], at: leg ? leg.cum[Math.min(step[1], leg.cum.length - 1)] : 0,
        clustered: !!(self.cluster && self.cluster.hasLayer(marker))};
    });
    this.head = L.circleMarker(this.legs.length ? this.legs[0].points[0] : [0, 0], {
      radius: 7, weight: 3, color: "#1b1b1b", fillColor: "#ffffff", fillOpacity: 1,
      interactive: false, className: "journal-playhead"
    });
    this.leg = 0;
    this.at = 0;
    this.mode = "idle"; /* idle, playing, paused, done */
    this.speed = 1;
    this.partial = null;
    this.frame = null;
    this.bind();
  }

  Player.prototype.bind = function () {
    var self = this;
    this.button.addEventListener("click", function () { self.press(); });
    this.speedSelect.addEventListener("change", function () {
      self.speed = parseFloat(self.speedSelect.value) || 1;
    });
    this.daySelect.addEventListener("change", function () {
      self.jump(parseInt(self.daySelect.value, 10) || 0);
    });
  };

  Player.prototype.label = function (key) {
    this.button.textContent = this.box.getAttribute("data-" + key);
  };

  /* The button: play, pause, resume, play again; with reduced motion, the next day. */
  Player.prototype.press = function () {
    if (this.reduced) {
      var next = this.mode === "idle" ? 0 : this.legs[Math.min(this.leg, this.legs.length - 1)].day + 1;
      this.mode = "paused";
      this.showDay(next > this.lastDay() ? 0 : next);
      this.label("step");
    } else if (this.mode === "playing") {
      this.pause();
    } else if (this.mode === "paused") {
      this.play();
    } else {
      this.begin(0, 0);
      this.play();
    }
  };

  Player.prototype.lastDay = function () {
    return this.legs.length ? this.legs[this.legs.length - 1].day : 0;
  };

  Player.prototype.firstLeg = function (day) {
    for (var i = 0; i < this.legs.length; i++) if (this.legs[i].day >= day) return i;
    return this.legs.length - 1;
  };

  /* Everything before (leg, at) drawn, the rest hidden: the ride as it stands there. */
  Player.prototype.begin = function (leg, at) {
    var self = this;
    this.leg = leg;
    this.at = at;
    this.legs.forEach(function (l, i) { self.drawLeg(l, i < leg); });
    this.markers.forEach(function (m) { self.showMarker(m, self.passed(m)); });
    if (!this.map.hasLayer(this.head)) this.head.addTo(this.map);
    this.update();
  };

  Player.prototype.drawLeg = function (leg, shown) {
    [leg.casing, leg.line].forEach(function (layer) {
      if (!layer) return;
      if (shown && !this.map.hasLayer(layer)) layer.addTo(this.map);
      if (!shown && this.map.hasLayer(layer)) this.map.removeLayer(layer);
    }, this);
  };

  Player.prototype.showMarker = function (m, shown) {
    var holder = m.clustered ? this.cluster : this.map;
    if (shown && !holder.hasLayer(m.layer)) holder.addLayer(m.layer);
    if (!shown && holder.hasLayer(m.layer)) holder.removeLayer(m.layer);
  };

  Player.prototype.passed = function (m) {
    return m.leg < this.leg || (m.leg === this.leg && m.at <= this.at);
  };

  Player.prototype.play = function () {
    var self = this, last = null;
    this.mode = "playing";
    this.label("pause");
    function tick(now) {
      if (self.mode !== "playing") return;
      var seconds = last === null ? 0 : Math.min((now - last) / 1000, 0.1);
      last = now;
      self.advance(seconds * self.total / WHOLE_RIDE_S * self.speed);
      if (self.mode === "playing") self.frame = window.requestAnimationFrame(tick);
    }
    this.frame = window.requestAnimationFrame(tick);
  };

  Player.prototype.pause = function () {
    this.mode = "paused";
    if (this.frame !== null) window.cancelAnimationFrame(this.frame);
    this.frame = null;
    this.label("resume");
  };

  /* Ride `distance` km further along the legs, drawing each leg whole once it is passed. */
  Player.prototype.advance = function (distance) {
    while (distance > 0 && this.leg < this.legs.length) {
      var leg = this.legs[this.leg], left = leg.length - this.at;
      if (distance < left) {
        this.at += distance;
        distance = 0;
      } else {
        distance -= left;
        this.drawLeg(leg, true);
        this.at = leg.length;
        this.showPassed();
        if (this.leg === this.legs.length - 1) return this.finish();
        this.leg += 1;
        this.at = 0;
      }
    }
    this.update();
  };

  Player.prototype.finish = function () {
    this.mode = "done";
    this.frame = null;
    this.update();
    this.label("again");
  };

  Player.prototype.showPassed = function () {
    var self = this;
    this.markers.forEach(function (m) { if (self.passed(m)) self.showMarker(m, true); });
  };

  /* The position `at` km into a leg: between the two vertices around it. */
  Player.prototype.position = function (leg, at) {
    var cum = leg.cum, lo = 0, hi = cum.length - 1;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      if (cum[mid] <= at) lo = mid; else hi = mid;
    }
    var a = leg.points[lo], b = leg.points[hi], span = cum[hi] - cum[lo];
    var t = span > 0 ? Math.min(1, (at - cum[lo]) / span) : 1;
    return {index: lo, latlng: L.latLng(a.lat + (b.lat - a.lat) * t, a.lng + (b.lng - a.lng) * t)};
  };

  /* The head, the part of the current leg ridden so far, the markers passed, the words. */
  Player.prototype.update = function () {
    if (!this.legs.length) return;
    var leg = this.legs[Math.min(this.leg, this.legs.length - 1)];
    var where = this.position(leg, this.at);
    this.head.setLatLng(where.latlng);
    var ridden = leg.points.slice(0, where.index + 1).concat([where.latlng]);
    if (this.partial) this.map.removeLayer(this.partial);
    this.partial = null;
    if (this.mode !== "done" && !this.map.hasLayer(leg.line) && ridden.length > 1) {
      var o = leg.line.options;
      this.partial = L.polyline(ridden, {color: o.color, weight: o.weight, opacity: o.opacity,
        dashArray: o.dashArray, interactive: false, className: "journal-playback-line"})
        .addTo(this.map);
    }
    this.showPassed();
    if (!this.reduced && this.map.panInside) this.map.panInside(where.latlng, {padding: [40, 40]});
    this.say(leg.day, this.dayKm(leg.day));
  };

  Player.prototype.dayKm = function (day) {
    var sum = 0;
    for (var i = 0; i < this.legs.length && i <= this.leg; i++) {
      if (this.legs[i].day === day) sum += i < this.leg ? this.legs[i].length : this.at;
    }
    return sum;
  };

  Player.prototype.say = function (day, distance) {
    this.status.textContent = this.dayLabels[day] + " · " + this.numbers.format(distance) + " km";
    if (String(this.daySelect.value) !== String(day)) this.daySelect.value = String(day);
  };

  /* Go to the start of a day: days before it drawn, the ride paused there (or playing on). */
  Player.prototype.jump = function (day) {
    if (this.reduced) {
      this.mode = "paused";
      this.label("step");
      return this.showDay(day);
    }
    var playing = this.mode === "playing";
    if (playing) this.pause();
    this.begin(this.firstLeg(day), 0);
    if (playing) this.play(); else { this.mode = "paused"; this.label("resume"); }
  };

  /* Reduced motion: the whole route drawn, the head at the end of `day`, the view on it. */
  Player.prototype.showDay = function (day) {
    var self = this, bounds = null, last = null;
    this.legs.forEach(function (l, i) {
      self.drawLeg(l, true);
      if (l.day === day) {
        last = i;
        bounds = bounds ? bounds.extend(l.line.getBounds()) : L.latLngBounds(l.points);
      }
    });
    this.markers.forEach(function (m) { self.showMarker(m, true); });
    if (last === null) return;
    this.leg = last;
    this.at = this.legs[last].length;
    if (!this.map.hasLayer(this.head)) this.head.addTo(this.map);
    this.head.setLatLng(this.position(this.legs[last], this.at).latlng);
    if (bounds) this.map.fitBounds(bounds, {padding: [40, 40], animate: false, maxZoom: 12});
    this.say(day, this.dayKm(day));
  };

  Player.prototype.state = function () {
    var shown = this.markers.filter(function (m) {
      return (m.clustered ? this.cluster : this.map).hasLayer(m.layer);
    }, this).length;
    return {mode: this.mode, leg: this.leg, at: this.at, day: this.legs.length ?
      this.legs[Math.min(this.leg, this.legs.length - 1)].day : 0, shown: shown,
      status: this.status.textContent, reduced: !!this.reduced};
  };

  function start() {
    var journal = window.journalMap, box = document.getElementById("map-playback");
    if (!journal || !box || !journal.routes || !journal.routes.length || !journal.playback) return;
    var player = new Player(journal, box);
    box.hidden = false;
    if (player.reduced) player.label("play");
    journal.player = player;
  }

  start();
})();
